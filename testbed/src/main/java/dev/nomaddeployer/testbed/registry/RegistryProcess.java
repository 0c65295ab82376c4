package dev.nomaddeployer.testbed.registry;

import dev.nomaddeployer.testbed.LogFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the {@code docker-registry serve} process, and knowing when it is ready. */
final class RegistryProcess {
    private RegistryProcess() {
    }

    static Process launch(Path binary, Path work, RegistryConfig registryConfig, int port, Path log, Duration startupTimeout) {
        Path config = work.resolve("config-" + port + ".yml");
        Process process;
        try {
            Files.writeString(config, registryConfig.toYaml(), StandardCharsets.UTF_8);
            process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new RegistryStartException("cannot start " + binary + " serve " + config + ": " + e, false);
        }
        awaitReady(process, port, log, binary, startupTimeout);
        return process;
    }

    private static void awaitReady(Process process, int port, Path log, Path binary, Duration startupTimeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String text = LogFiles.tail(log);
                throw new RegistryStartException(binary + " exited with " + process.exitValue()
                        + " before answering on 127.0.0.1:" + port + "; log " + log + ":\n" + text,
                        text.contains("address already in use"));
            }
            try {
                int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) { // 401: serving, behind the htpasswd it was given
                    return;
                }
            } catch (IOException notListeningYet) {
                // expected until the listener is up
            } catch (InterruptedException e) {
                stop(process);
                Thread.currentThread().interrupt();
                throw new RegistryStartException("interrupted while waiting for " + binary, false);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                stop(process);
                Thread.currentThread().interrupt();
                throw new RegistryStartException("interrupted while waiting for " + binary, false);
            }
        }
        stop(process);
        throw new RegistryStartException(binary + " did not answer GET /v2/ on 127.0.0.1:" + port + " within "
                + startupTimeout + "; log " + log + ":\n" + LogFiles.tail(log), false);
    }

    /** SIGTERM, then SIGKILL when the registry has not exited within 5 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
