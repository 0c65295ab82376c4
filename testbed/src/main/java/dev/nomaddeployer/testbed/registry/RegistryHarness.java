package dev.nomaddeployer.testbed.registry;

import dev.nomaddeployer.testbed.LogFiles;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.WorkDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real CNCF distribution registry ({@code docker-registry serve}) on a free loopback port, with its own
 * throw-away storage and, optionally, a notification endpoint. Tests talk to it exactly as a CI pipeline
 * would, and the registry's own notifier produces the webhooks, so nothing about their shape or timing is
 * invented here.
 *
 * <pre>{@code
 * try (RegistryHarness registry = RegistryHarness.builder().notifyUrl(sink.url()).header("Authorization", "Bearer x").start()) {
 *     new ImagePusher(registry.client()).push("team/app", "1.0.0", ManifestFormat.OCI, "v1");
 * }
 * }</pre>
 */
public final class RegistryHarness implements AutoCloseable {
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final Path workDirectory;
    private final Path logFile;
    private final int port;
    private final Thread reaper;
    private boolean closed;

    private RegistryHarness(Process process, Path workDirectory, Path logFile, int port) {
        this.process = process;
        this.workDirectory = workDirectory;
        this.logFile = logFile;
        this.port = port;
        // a test JVM killed by a time-out must not leave registries listening behind it
        this.reaper = new Thread(process::destroyForcibly, "docker-registry-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:PORT}: what goes in an image reference, and what the registry reports as {@code request.host}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public URI baseUri() {
        return URI.create("http://" + hostPort());
    }

    /** A client for this registry's HTTP API. */
    public RegistryClient client() {
        return new RegistryClient(baseUri());
    }

    /** A client that sends basic credentials with every request, for a registry started with {@link Builder#htpasswd}. */
    public RegistryClient client(String username, String password) {
        String pair = username + ":" + password;
        return new RegistryClient(baseUri(), Duration.ofSeconds(10), Optional.of("Basic "
                + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }

    /** A client with a token of {@code tokens} that may push and pull {@code repository}, for a registry started with {@link Builder#tokenAuth}. */
    public RegistryClient client(TokenServer tokens, String repository) {
        return new RegistryClient(baseUri(), Duration.ofSeconds(10), Optional.of("Bearer "
                + tokens.mint("testbed-pusher", repository, "pull", "push")));
    }

    /** The registry's stdout and stderr; kept after {@link #close()} so a failed test can be diagnosed. */
    public Path logFile() {
        return logFile;
    }

    /** The current contents of {@link #logFile()}, for assertion messages. */
    public String logText() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** The registry's working directory (config and blob storage); removed by {@link #close()}. */
    public Path workDirectory() {
        return workDirectory;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 5 s) and removes its storage. Events still queued are lost, as in production. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RegistryProcess.stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; nothing left to undo
        }
        WorkDirectories.deleteRecursively(workDirectory, "registry storage");
    }

    public static final class Builder {
        private Path executable;
        private URI notifyUrl;
        private final List<URI> alsoNotify = new ArrayList<>();
        private String endpointName = "testbed";
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(2);
        private int threshold = 3;
        private Duration backoff = Duration.ofSeconds(1);
        private final List<String> ignoredActions = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(20);
        private Path logFile;
        private final List<String> htpasswdLines = new ArrayList<>();
        private TokenAuth tokenAuth;

        private Builder() {
        }

        /**
         * Requires basic authentication: {@code user} with the password whose bcrypt hash ({@code $2a$…}/{@code $2y$…},
         * the only kind distribution accepts) is {@code bcryptHash}; may be given for several users.
         */
        public Builder htpasswd(String user, String bcryptHash) {
            htpasswdLines.add(user + ":" + bcryptHash);
            return this;
        }

        /**
         * Requires a token of {@code tokens} on every request (distribution's {@code auth.token}): a client without one
         * is answered 401 with a Bearer challenge naming the token server's realm, the service and the scope it needs.
         */
        public Builder tokenAuth(TokenServer tokens) {
            this.tokenAuth = tokens.auth();
            return this;
        }

        /** Default: {@code docker-registry} on PATH, else {@code /usr/bin/docker-registry}. */
        public Builder executable(Path executable) {
            this.executable = executable;
            return this;
        }

        /** Where the registry POSTs its events; without it the config has no notifications section. */
        public Builder notifyUrl(URI notifyUrl) {
            this.notifyUrl = notifyUrl;
            return this;
        }

        /**
         * One more endpoint, with the same headers and delivery settings: the registry keeps a queue per endpoint and
         * sends every event to each, as it does for one endpoint per replica of a service.
         */
        public Builder alsoNotify(URI url) {
            alsoNotify.add(url);
            return this;
        }

        public Builder endpointName(String endpointName) {
            this.endpointName = endpointName;
            return this;
        }

        /** A header the registry sends with every notification (values add up, as in an HTTP header). */
        public Builder header(String name, String... values) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).addAll(List.of(values));
            return this;
        }

        public Builder headers(Map<String, List<String>> headers) {
            headers.forEach((name, values) -> header(name, values.toArray(String[]::new)));
            return this;
        }

        /** Default 2 s: an answer slower than this counts as a failed delivery. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Default 3: failures in a row before the registry starts waiting {@link #backoff} between tries. */
        public Builder threshold(int threshold) {
            this.threshold = threshold;
            return this;
        }

        /** Default 1 s. */
        public Builder backoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Actions the registry should not notify at all, e.g. {@code "pull"}. */
        public Builder ignoreActions(String... actions) {
            ignoredActions.addAll(List.of(actions));
            return this;
        }

        /** Default 20 s: how long {@code GET /v2/} may take to answer after the process starts. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** Default: a new file in {@code ./target/registry-logs/} when {@code ./target} exists, else in the system temp directory. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public RegistryHarness start() {
            Path binary = executable != null ? executable
                    : ToolRequirement.locate("docker-registry").orElse(Path.of("/usr/bin/docker-registry"));
            List<NotificationEndpoint> endpoints = new ArrayList<>();
            if (notifyUrl != null) {
                endpoints.add(new NotificationEndpoint(endpointName, notifyUrl, headers, timeout, threshold, backoff,
                        ignoredActions));
            }
            for (int i = 0; i < alsoNotify.size(); i++) {
                endpoints.add(new NotificationEndpoint(endpointName + "-" + (i + 2), alsoNotify.get(i), headers, timeout,
                        threshold, backoff, ignoredActions));
            }
            Path work;
            Path log;
            try {
                work = Files.createTempDirectory("docker-registry-");
                log = logFile != null ? logFile : LogFiles.create("registry-logs", "docker-registry-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a work directory for docker-registry", e);
            }
            Optional<Path> htpasswd = Optional.empty();
            if (!htpasswdLines.isEmpty()) {
                try {
                    htpasswd = Optional.of(Files.writeString(work.resolve("htpasswd"),
                            String.join("\n", htpasswdLines) + "\n", StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the registry's htpasswd file", e);
                }
            }
            RegistryStartException last = null;
            // the free port is found by binding and releasing it, so another process may take it in between
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int port = freeLoopbackPort();
                try {
                    RegistryConfig config = new RegistryConfig(work.resolve("storage"), "127.0.0.1:" + port, endpoints,
                            htpasswd, Optional.ofNullable(tokenAuth));
                    Process process = RegistryProcess.launch(binary, work, config, port, log, startupTimeout);
                    return new RegistryHarness(process, work, log, port);
                } catch (RegistryStartException e) {
                    last = e;
                    if (!e.portTaken()) {
                        break;
                    }
                }
            }
            WorkDirectories.deleteRecursively(work, "registry storage");
            throw last;
        }

        private static int freeLoopbackPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
    }
}
