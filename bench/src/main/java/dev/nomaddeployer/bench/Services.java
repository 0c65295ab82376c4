package dev.nomaddeployer.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the two packaged programs as separate JVMs, each on a loopback port, and waits until they serve. */
public final class Services {
    private static final Pattern SIM_READY = Pattern.compile("nomad-sim listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration SIM_START_TIMEOUT = Duration.ofSeconds(600); // loading 10,000 jobs at a load average of 20 took over 60 s
    private static final Duration DEPLOYER_START_TIMEOUT = Duration.ofSeconds(600); // 10,000 sequential reads on a busy 2-core machine took 170 s
    private static final Duration POLL = Duration.ofMillis(10);

    private Services() {
    }

    /** {@code startup}: from spawning the JVM until it printed its ready line. */
    public record Started(ManagedProcess process, URI baseUrl, Duration startup) {
    }

    static Started startSimulator(Path simJar, Path jobsFile, Workspace workspace) {
        return startSimulator(simJar, List.of("--jobs", jobsFile.toString()), workspace);
    }

    /** {@code simOptions}: nomad-sim's own options besides {@code --port}, e.g. {@code --jobs FILE}. */
    public static Started startSimulator(Path simJar, List<String> simOptions, Workspace workspace) {
        List<String> command = new ArrayList<>(List.of(javaBinary(),
                // Nomad (Go) sets TCP_NODELAY on every connection; the JDK HttpServer inside nomad-sim does not
                // unless told, and then each answer waits ~40 ms for the client's delayed ACK (Nagle), which
                // would be measured as the service's latency.
                "-Dsun.net.httpserver.nodelay=true", "-jar", requireFile(simJar, "--sim-jar").toString(),
                "--port", "0"));
        command.addAll(simOptions);
        ManagedProcess sim = ManagedProcess.start("nomad-sim", command, workspace.dir(), workspace.file("nomad-sim.log"));
        try {
            Matcher ready = sim.awaitOutput(SIM_READY, SIM_START_TIMEOUT);
            return new Started(sim, URI.create(ready.group(1)), Duration.ofNanos(System.nanoTime() - sim.startedNanos()));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /**
     * When the service first answered anything (its listener is up) and when it first said it is ready: a 2xx
     * on {@code GET /ready}, or, where that path answers 404 (a service older than {@code /ready}), a 204 on
     * {@code /health}. Both as {@link System#nanoTime()}; {@code readyPath} says which path decided.
     */
    record Readiness(long listenerNanos, long readyNanos, String readyPath) {
    }

    /** {@code startup}: from spawning the JVM until it was ready (see {@link Readiness}). */
    public record StartedDeployer(ManagedProcess process, URI baseUrl, Readiness readiness) {
        Duration startup() {
            return Duration.ofNanos(readiness.readyNanos() - process.startedNanos());
        }

        double listenerMs() {
            return (readiness.listenerNanos() - process.startedNanos()) / 1e6;
        }

        double readyMs() {
            return (readiness.readyNanos() - process.startedNanos()) / 1e6;
        }
    }

    /**
     * Starts the service on a fresh loopback port over the workspace's store (which a second start finds as the
     * first left it), its output in {@code <workspace>/<logName>}.
     */
    static StartedDeployer startDeployer(Path deployerJar, List<String> javaOptions, String logLevel, URI nomad,
                                         Workspace workspace, HttpClient http, String logName) {
        List<String> arguments = new ArrayList<>(List.of("--nomad.url=" + nomad, "--log.level=" + logLevel,
                "--server.log.requests=false"));
        arguments.addAll(workspace.storeFlags());
        return startDeployer(deployerJar, javaOptions, arguments, Map.of(), freeLoopbackPort(), workspace, http,
                logName);
    }

    /**
     * Starts the service listening on {@code 127.0.0.1:port} with {@code arguments} (its flags besides
     * {@code --server.address}) and {@code environment} added, and waits until it is ready.
     */
    public static StartedDeployer startDeployer(Path deployerJar, List<String> javaOptions, List<String> arguments,
                                                Map<String, String> environment, int port, Workspace workspace,
                                                HttpClient http, String logName) {
        String jar = requireFile(deployerJar, "--deployer-jar").toString();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar, "--server.address=127.0.0.1:" + port));
        command.addAll(arguments);
        ManagedProcess deployer = ManagedProcess.start("nomad-deployer", command, environment, workspace.dir(),
                workspace.file(logName));
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            return new StartedDeployer(deployer, base, awaitReady(deployer, base, http));
        } catch (RuntimeException e) {
            deployer.close();
            throw e;
        }
    }

    private static Readiness awaitReady(ManagedProcess deployer, URI base, HttpClient http) {
        long deadline = System.nanoTime() + DEPLOYER_START_TIMEOUT.toNanos();
        long listener = 0;
        String path = "/ready";
        int lastStatus = 0;
        while (System.nanoTime() < deadline) {
            try {
                lastStatus = status(http, base.resolve(path));
                long at = System.nanoTime();
                listener = listener == 0 ? at : listener;
                if (lastStatus == 404 && path.equals("/ready")) {
                    path = "/health";
                    continue;
                }
                if (path.equals("/ready") ? lastStatus / 100 == 2 : lastStatus == 204) {
                    return new Readiness(listener, at, path);
                }
            } catch (IOException notListeningYet) {
                // connection refused until the listener is bound
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted while waiting for nomad-deployer");
            }
            deployer.requireAlive("before answering GET " + path);
            ManagedProcess.pause(POLL);
        }
        throw new BenchFailure("nomad-deployer was not ready on GET " + path + " within "
                + DEPLOYER_START_TIMEOUT.toSeconds() + " s (last status " + lastStatus + "); last output:\n"
                + deployer.logTail(30));
    }

    private static int status(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Path requireFile(Path jar, String option) {
        if (!Files.isRegularFile(jar)) {
            throw new BenchFailure(jar.toAbsolutePath() + " does not exist: build it with `mvn -B -q -DskipTests package`"
                    + " at the repository root, or point " + option + " at it");
        }
        return jar.toAbsolutePath();
    }

    /** The same JVM that runs the benchmark, so all three processes use one JDK. */
    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchFailure("no free loopback port: " + e.getMessage(), e);
        }
    }
}
