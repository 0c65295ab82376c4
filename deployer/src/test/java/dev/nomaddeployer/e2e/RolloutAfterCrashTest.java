package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A follow-up is in the store from the moment the register is: a SIGKILL while Nomad deploys only delays its end. */
@Timeout(120)
class RolloutAfterCrashTest {
    @TempDir
    Path dir;

    @Test
    void aRolloutThatEndsWhileTheServiceIsKilledIsRecordedOnceItIsBack() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        int port = DeployerProcess.freePort();
        // Slow scheduler steps: the deployment takes seconds, long enough to kill the service in the middle.
        try (NomadSim nomad = NomadSim.builder().schedulerStepDelay(Duration.ofMillis(500)).build().start();
             RegistryHarness registry = RegistryHarness.builder()
                     .notifyUrl(URI.create("http://127.0.0.1:" + port + "/registry/callback"))
                     .timeout(Duration.ofSeconds(2)).threshold(1).backoff(Duration.ofMillis(200)).start();
             DeployerProcess deployer = new DeployerProcess(dir, port, List.of(
                     "--nomad.url=" + nomad.baseUrl(), "--store.path=" + dir.resolve("deployer.db"),
                     "--server.log.requests=false"))) {
            ObjectNode web = DeployerFixture.webRunning(registry.hostPort() + "/team/app");
            nomad.registerJob(web);
            nomad.awaitIdle(Duration.ofSeconds(30));
            deployer.start();
            HistoryApi api = new HistoryApi(port);

            new ImagePusher(registry.client()).push("team/app", "1.6.0", ManifestFormat.OCI, "good");
            JsonNode atKill = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> registered(api).map(d -> d.path("rollout")).orElse(null), r -> r != null);
            deployer.kill();
            assertThat(atKill.path("status").asText()).isEqualTo("rolling_out");

            nomad.awaitIdle(Duration.ofSeconds(30));
            assertThat(nomad.deployments("default", "web").stream()
                    .filter(d -> d.path("JobVersion").asLong() == 1).findFirst().orElseThrow()
                    .path("Status").asText()).as("the deployment ended while the service was down").isEqualTo("successful");
            deployer.start();

            JsonNode rollout = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> registered(api).map(d -> d.path("rollout")).orElseThrow(),
                            r -> r.path("status").asText().equals("rolled_out"));
            assertThat(rollout.path("description").asText()).isEqualTo("Deployment completed successfully");
            assertThat(api.forJob("web")).as("one decision, followed across the restart").hasSize(1);
            assertThat(deployer.logText().split("event=started", -1)).hasSize(3);
        }
    }

    private static Optional<JsonNode> registered(HistoryApi api) {
        return api.forJob("web").stream().filter(d -> d.path("status").asText().equals("registered")).findFirst();
    }
}
