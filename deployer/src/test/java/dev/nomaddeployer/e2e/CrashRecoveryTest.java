package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import dev.nomaddeployer.testbed.registry.ToolRequirement;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL in the middle of a stream of pushes: nothing lost, nothing doubled, every job on its last tag. */
@Timeout(300)
class CrashRecoveryTest {
    private static final int JOBS = 50;
    private static final int ROUNDS = 10;

    @TempDir
    Path dir;

    @Test
    void killDuringFiveHundredPushesLosesNoPushAndDoublesNoVersion() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        int port = DeployerProcess.freePort();
        try (NomadSim nomad = NomadSim.builder().build().start();
             RegistryHarness registry = RegistryHarness.builder()
                     .notifyUrl(URI.create("http://127.0.0.1:" + port + "/registry/callback"))
                     .timeout(Duration.ofSeconds(2)).threshold(1).backoff(Duration.ofMillis(200)).start();
             DeployerProcess deployer = new DeployerProcess(dir, port, List.of(
                     "--nomad.url=" + nomad.baseUrl(), "--store.path=" + dir.resolve("deployer.db"),
                     "--deploy.retry.initial=100ms", "--deploy.retry.max=1s", "--server.log.requests=false"))) {
            ImagePusher pusher = new ImagePusher(registry.client());
            for (int j = 0; j < JOBS; j++) {
                var job = JobFixtures.web();
                job.put("ID", "svc-" + j).put("Name", "svc-" + j);
                JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                        registry.hostPort() + "/team/svc-" + j + ":${NOMAD_META_VERSION}");
                nomad.registerJob(job);
            }
            deployer.start();
            for (int round = 1; round <= ROUNDS; round++) {
                for (int j = 0; j < JOBS; j++) {
                    if (round == 1) {
                        pusher.push("team/svc-" + j, "1.0.1", ManifestFormat.OCI, "svc-" + j);
                    } else {
                        pusher.tag("team/svc-" + j, "1.0.1", "1.0." + round);
                    }
                    if (round == ROUNDS / 2 && j == JOBS / 2) {
                        deployer.kill();
                    }
                }
                if (round == ROUNDS / 2 + 1) {
                    deployer.start();
                }
            }

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (int j = 0; j < JOBS; j++) {
                    assertThat(nomad.job("default", "svc-" + j).orElseThrow().path("Meta").path("VERSION").asText())
                            .as("svc-" + j + "\n" + deployer.logTail()).isEqualTo("1.0." + ROUNDS);
                }
            });

            assertThat(deployer.logText().split("event=started", -1)).as("the service was started twice").hasSize(3);
            Map<String, Long> registersPerJobAndTag = nomad.registrations().stream().collect(Collectors.groupingBy(
                    (Registration r) -> r.jobId() + ":" + r.meta().path("VERSION").asText(), Collectors.counting()));
            assertThat(registersPerJobAndTag).allSatisfy((jobAndTag, count) ->
                    assertThat(count).as("registers of " + jobAndTag).isEqualTo(1L));
            HistoryApi history = new HistoryApi(port);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (int j = 0; j < JOBS; j++) {
                    List<JsonNode> decisions = history.forJob("svc-" + j);
                    for (int round = 1; round <= ROUNDS; round++) {
                        String tag = "1.0." + round;
                        assertThat(decisions).as("svc-" + j + " " + tag).anySatisfy(d -> {
                            assertThat(d.path("tag").asText()).isEqualTo(tag);
                            assertThat(d.path("status").asText()).isIn("registered", "superseded", "already_current");
                        });
                    }
                }
            });
        }
    }
}
