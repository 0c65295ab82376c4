package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.App;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start, serve, and stop the way an orchestrator stops a task. */
@Timeout(120)
class ServiceLifecycleTest {
    private static final String REGISTRY = "registry.test:5000";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The worker has read the job; its register follows. */
    private static void awaitJobRead(NomadSim nomad) {
        await().atMost(Duration.ofSeconds(20)).until(() -> nomad.requests().stream()
                .anyMatch(r -> r.method().equals("GET") && r.path().equals("/v1/job/web")));
    }

    @Test
    void sigtermFinishesTheRedeployInFlightAndExitsZero() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            nomad.registerJob(DeployerFixture.webRunning(REGISTRY + "/team/web"));
            int port = DeployerProcess.freePort();
            DeployerProcess deployer = new DeployerProcess(dir, port, List.of("--nomad.url=" + nomad.baseUrl(),
                    "--store.path=" + dir.resolve("d.db"), "--server.shutdown.timeout=10s"));
            deployer.start();
            // the index has read the job before the push, so the next read of it is the worker's
            await().atMost(Duration.ofSeconds(30)).until(() -> status(port, "/ready") == 204);
            nomad.resetRecords();
            nomad.faults().latency(Duration.ofMillis(1500));
            assertThat(new Notifier(port, REGISTRY).send("e1", Instant.now(), "team/web", "1.6.0")).isEqualTo(200);
            awaitJobRead(nomad); // the register comes next and takes 1.5 s: it is in flight when we stop

            assertThat(deployer.terminate(Duration.ofSeconds(30))).isZero();

            assertThat(nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText()).isEqualTo("1.6.0");
            assertThat(deployer.logText()).contains("event=stopped in_flight_finished=true");
        }
    }

    @Test
    void healthTurns503AndTheCallbackAsksTheRegistryToComeBackOnceShutdownBegins() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            nomad.registerJob(DeployerFixture.webRunning(REGISTRY + "/team/web"));
            App app = DeployerFixture.startApp(dir, nomad.baseUrl(), List.of("--server.shutdown.timeout=10s"));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.index().warm());
            int port = app.address().getPort();
            assertThat(status(port, "/health")).isEqualTo(204);
            nomad.resetRecords();
            nomad.faults().latency(Duration.ofSeconds(2));
            new Notifier(port, REGISTRY).send("e1", Instant.now(), "team/web", "1.6.0");
            awaitJobRead(nomad);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
            await().atMost(Duration.ofSeconds(5)).until(() -> status(port, "/health") == 503);
            assertThat(new Notifier(port, REGISTRY).send("e2", Instant.now(), "team/web", "1.7.0")).isEqualTo(503);
            stopping.get();
            assertThat(nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText()).isEqualTo("1.6.0");
        }
    }

    @Test
    void jsonLogFormatWritesOneJsonObjectPerLineWithTheDecisionAndRequestId() throws Exception {
        try (NomadSim nomad = NomadSim.builder().build().start()) {
            nomad.registerJob(DeployerFixture.webRunning(REGISTRY + "/team/web"));
            int port = DeployerProcess.freePort();
            DeployerProcess deployer = new DeployerProcess(dir, port, List.of("--nomad.url=" + nomad.baseUrl(),
                    "--store.path=" + dir.resolve("d.db"), "--log.format=json", "--log.level=info"));
            deployer.start();
            new Notifier(port, REGISTRY).send("e1", Instant.now(), "team/web", "1.6.0");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText().equals("1.6.0"));
            assertThat(deployer.terminate(Duration.ofSeconds(30))).isZero();

            var json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : deployer.logText().split("\n")) {
                lines.add(json.readTree(line));
            }
            assertThat(lines).allSatisfy(line -> assertThat(line.has("message") && line.has("level")).isTrue());
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.path("message").asText()).contains("event=redeploy outcome=registered");
            });
            assertThat(lines).anySatisfy(line -> {
                assertThat(line.path("message").asText()).contains("event=push_received");
                assertThat(line.path("request_id").asText()).isNotEmpty();
            });
        }
    }

    @Test
    void requestIdIsTakenFromTheCallerOrGeneratedAndEchoedBack() throws Exception {
        try (App app = DeployerFixture.startApp(dir, URI.create("http://127.0.0.1:9"), List.of())) {
            URI health = URI.create("http://127.0.0.1:" + app.address().getPort() + "/health");
            HttpResponse<Void> given = http.send(HttpRequest.newBuilder(health).header("X-Request-Id", "ci-build-42").build(),
                    HttpResponse.BodyHandlers.discarding());
            HttpResponse<Void> generated = http.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(given.headers().firstValue("X-Request-Id")).contains("ci-build-42");
            assertThat(generated.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        }
    }
}
