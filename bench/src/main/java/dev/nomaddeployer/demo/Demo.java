package dev.nomaddeployer.demo;

import dev.nomaddeployer.bench.BenchFailure;
import dev.nomaddeployer.bench.ManagedProcess;
import dev.nomaddeployer.bench.Services;
import dev.nomaddeployer.bench.StoreKind;
import dev.nomaddeployer.bench.Workspace;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The example cluster, running: a real registry whose notifications go to the service, the Nomad simulator with
 * the example jobs, and the service with its store in a temporary directory. {@link #close()} stops all three
 * and removes the directory; safe to call twice (Ctrl-C runs it from a shutdown hook).
 */
final class Demo implements AutoCloseable {
    private static final Duration REGISTRY_START = Duration.ofSeconds(30);
    /** The registry re-sends what it could not deliver before the service listened (1 s back-off). */
    static final Duration DECISIONS = Duration.ofSeconds(60);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrintStream out;
    private Workspace workspace;
    private ImagePusher pusher;
    private URI service;
    private String registryHost;
    private String uiToken;
    private String callbackToken;
    private boolean closed;

    /** Nothing runs yet: {@link #start} starts it, so that a shutdown hook can be in place before anything runs. */
    Demo(PrintStream out) {
        this.out = out;
    }

    /**
     * Starts everything and waits until the service has decided the pushes of what the jobs run now; on a failure,
     * stops what it had started and throws.
     */
    void start(DemoOptions options) {
        try {
            startAll(options);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll(DemoOptions options) {
        if (ToolRequirement.locate("docker-registry").isEmpty()) {
            throw new BenchFailure("docker-registry is not installed (not on PATH); install it with:"
                    + " apt-get install -y docker-registry");
        }
        workspace = keep(Workspace.create("nomad-deployer-demo-", StoreKind.SQLITE));
        int servicePort = Services.freeLoopbackPort();
        callbackToken = randomToken();
        uiToken = randomToken();

        out.println("demo: starting a registry (docker-registry) on loopback");
        RegistryHarness registry = keep(RegistryHarness.builder()
                .notifyUrl(URI.create("http://127.0.0.1:" + servicePort + "/registry/callback"))
                .header("Authorization", "Bearer " + callbackToken)
                .ignoreActions("pull")
                .startupTimeout(REGISTRY_START)
                .logFile(workspace.file("docker-registry.log"))
                .start());
        pusher = new ImagePusher(registry.client());
        registryHost = registry.hostPort();
        List<Expectation> runningNow = new ArrayList<>();
        String apiDigest = null;
        for (DemoScenario.Step step : DemoScenario.RUNNING) {
            String digest = push(step.image());
            runningNow.add(step.expect(digest));
            apiDigest = step == DemoScenario.API_NOW ? digest : apiDigest;
        }

        out.println("demo: starting the Nomad simulator (nomad-sim) with the example jobs");
        Path jobs = writeJobs(registry.hostPort(), apiDigest);
        Services.Started sim = Services.startSimulator(options.simJar(),
                List.of("--jobs", jobs.toString(), "--unhealthy-when-meta", DemoScenario.UNHEALTHY_RULE), workspace);
        keep(sim.process());

        out.println("demo: starting nomad-deployer");
        Services.StartedDeployer deployer = Services.startDeployer(options.deployerJar(), options.javaOptions(),
                List.of("--config", writeConfig(sim.baseUrl(), registry.hostPort()).toString()),
                // secrets in the environment, not in the process list; DEPLOYER_UI_AUTH_TOKEN is ignored (with a
                // warning) by a build without the web UI
                Map.of("DEPLOYER_REGISTRY_AUTH_TOKEN", callbackToken, "DEPLOYER_UI_AUTH_TOKEN", uiToken),
                servicePort, workspace, http, "nomad-deployer.log");
        keep(deployer.process());
        service = deployer.baseUrl();

        List<DeploymentsWatch.Reached> settled = new DeploymentsWatch(http, service, apiAuthorization())
                .await(runningNow, DECISIONS);
        if (!settled.stream().allMatch(DeploymentsWatch.Reached::ok)) {
            throw new BenchFailure("the service did not record the pushes of what the jobs run within "
                    + DECISIONS.toSeconds() + " s: " + settled + "; its last output:\n" + deployer.process().logTail(40));
        }
    }

    /** Pushes the story's images in order and waits until each decision and rollout has ended. */
    List<DeploymentsWatch.Reached> playStory() {
        List<Expectation> expected = new ArrayList<>();
        for (DemoScenario.Step step : DemoScenario.STORY) {
            out.println("demo: pushing " + step.image().reference());
            expected.add(step.expect(push(step.image())));
        }
        return new DeploymentsWatch(http, service, apiAuthorization()).await(expected, DECISIONS);
    }

    URI service() {
        return service;
    }

    /** The web UI when this build serves one, else the status API: what the operator is told to open. */
    URI lookAt() {
        URI ui = service.resolve("/ui/");
        return status(ui) == 200 ? ui : service.resolve("/api/v1/status");
    }

    /** What the registry sends with its notifications, which the history API takes too. */
    String apiAuthorization() {
        return "Bearer " + callbackToken;
    }

    String registryHost() {
        return registryHost;
    }

    String uiToken() {
        return uiToken;
    }

    Path directory() {
        return workspace.dir();
    }

    /** The status of a GET with the API's credentials (the UI's pages need none, the API's status does). */
    int status(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Authorization", apiAuthorization()).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private String push(DemoImage image) {
        return pusher.push(image.repository(), image.tag(), ManifestFormat.OCI, image.seed());
    }

    private Path writeJobs(String registryHost, String apiDigest) {
        try (InputStream in = Demo.class.getResourceAsStream("/demo/jobs.json")) {
            if (in == null) {
                throw new IllegalStateException("demo/jobs.json is missing from the classpath");
            }
            String jobs = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@REGISTRY@", registryHost).replace("@API_DIGEST@", apiDigest);
            return Files.writeString(workspace.file("jobs.json"), jobs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the example jobs", e);
        }
    }

    private Path writeConfig(URI nomad, String registryHost) {
        String config = """
                # written by the demo; the secrets come from the environment
                log:
                  level: info
                server:
                  shutdown:
                    timeout: 5s
                  allowed_networks: [127.0.0.1/32]
                  log:
                    requests: false
                nomad:
                  url: "%s"
                registry:
                  hosts: ["%s"]
                # asked whether latest still points at the pushed digest before api is registered
                registries:
                  - url: "http://%s"
                poll:
                  interval: 0          # the demo's pushes come as notifications only
                store:
                  path: "%s"
                """.formatted(nomad, registryHost, registryHost, workspace.file("demo.db"));
        try {
            return Files.writeString(workspace.file("deployer.yml"), config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the service's configuration", e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Keeps {@code resource} for {@link #close()}; when the demo was closed meanwhile (Ctrl-C), closes it at once. */
    private synchronized <T extends AutoCloseable> T keep(T resource) {
        if (closed) {
            try {
                resource.close();
            } catch (Exception e) {
                out.println("demo: while stopping: " + e.getMessage());
            }
            throw new BenchFailure("stopped while starting");
        }
        running.push(resource);
        return resource;
    }

    /** The service first (it is the registry's and the simulator's client), then the simulator, the registry, the directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            if (running.isEmpty()) {
                // the directory goes last, after any process still starting (Services waits until it serves, so
                // it is not kept yet; ManagedProcess knows it)
                ManagedProcess.stopAll();
            }
            try {
                next.close();
            } catch (Exception e) {
                out.println("demo: while stopping: " + e.getMessage());
            }
        }
    }
}
