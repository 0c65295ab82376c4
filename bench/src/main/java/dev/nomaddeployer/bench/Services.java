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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the two packaged programs as separate JVMs, each on a loopback port, and waits until they serve. */
final class Services {
    private static final Pattern SIM_READY = Pattern.compile("nomad-sim listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration SIM_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEPLOYER_START_TIMEOUT = Duration.ofSeconds(60);

    private Services() {
    }

    /** {@code startup}: from spawning the JVM until it served (ready line, or first 204 on /health). */
    record Started(ManagedProcess process, URI baseUrl, Duration startup) {
    }

    static Started startSimulator(Path simJar, Path jobsFile, Workspace workspace) {
        ManagedProcess sim = ManagedProcess.start("nomad-sim",
                // Nomad (Go) sets TCP_NODELAY on every connection; the JDK HttpServer inside nomad-sim does not
                // unless told, and then each answer waits ~40 ms for the client's delayed ACK (Nagle), which
                // would be measured as the service's latency.
                List.of(javaBinary(), "-Dsun.net.httpserver.nodelay=true", "-jar",
                        requireFile(simJar, "--sim-jar").toString(),
                        "--port", "0", "--jobs", jobsFile.toString()),
                workspace.dir(), workspace.file("nomad-sim.log"));
        try {
            Matcher ready = sim.awaitOutput(SIM_READY, SIM_START_TIMEOUT);
            return new Started(sim, URI.create(ready.group(1)), Duration.ofNanos(System.nanoTime() - sim.startedNanos()));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** {@code jvmOptions}: a java {@code @argument} file with the service's JVM flags; empty = the JVM's defaults. */
    static Started startDeployer(Path deployerJar, Optional<Path> jvmOptions, String logLevel, URI nomad,
                                 Workspace workspace, HttpClient http) {
        String jar = requireFile(deployerJar, "--deployer-jar").toString();
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        jvmOptions.ifPresent(file -> command.add("@" + requireOptionsFile(file)));
        command.addAll(List.of("-jar", jar,
                "--server.address=127.0.0.1:" + port,
                "--nomad.url=" + nomad,
                "--store.path=" + workspace.file("bench.db"),
                "--log.level=" + logLevel,
                "--server.log.requests=false"));
        ManagedProcess deployer = ManagedProcess.start("nomad-deployer", command, workspace.dir(),
                workspace.file("nomad-deployer.log"));
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            long healthy = awaitHealthy(deployer, base, http);
            return new Started(deployer, base, Duration.ofNanos(healthy - deployer.startedNanos()));
        } catch (RuntimeException e) {
            deployer.close();
            throw e;
        }
    }

    private static long awaitHealthy(ManagedProcess deployer, URI base, HttpClient http) {
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + DEPLOYER_START_TIMEOUT.toNanos();
        int lastStatus = 0;
        while (System.nanoTime() < deadline) {
            try {
                lastStatus = http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 204) {
                    return System.nanoTime();
                }
            } catch (IOException notListeningYet) {
                // connection refused until the listener is bound
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted while waiting for nomad-deployer");
            }
            deployer.requireAlive("before answering GET /health");
            ManagedProcess.pause(Duration.ofMillis(10));
        }
        throw new BenchFailure("nomad-deployer did not answer GET /health with 204 within "
                + DEPLOYER_START_TIMEOUT.toSeconds() + " s (last status " + lastStatus + "); last output:\n"
                + deployer.logTail(30));
    }

    private static Path requireFile(Path jar, String option) {
        if (!Files.isRegularFile(jar)) {
            throw new BenchFailure(jar.toAbsolutePath() + " does not exist: build it with `mvn -B -q -DskipTests package`"
                    + " at the repository root, or point " + option + " at it");
        }
        return jar.toAbsolutePath();
    }

    private static Path requireOptionsFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BenchFailure(file.toAbsolutePath() + " does not exist: point --jvm-options at a java @argument"
                    + " file, or give --jvm-options none for the JVM's defaults");
        }
        return file.toAbsolutePath();
    }

    /** The flags of a java {@code @argument} file on one line, its comments left out ("" for none). */
    static String jvmFlags(Optional<Path> jvmOptions) {
        return jvmOptions.map(file -> {
            try {
                return String.join(" ", Files.readAllLines(file).stream()
                        .map(line -> line.replaceAll("#.*", "").strip()).filter(line -> !line.isEmpty()).toList());
            } catch (IOException e) {
                throw new BenchFailure("cannot read --jvm-options " + file + ": " + e.getMessage(), e);
            }
        }).orElse("");
    }

    /** The same JVM that runs the benchmark, so all three processes use one JDK. */
    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchFailure("no free loopback port: " + e.getMessage(), e);
        }
    }
}
