package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
            Bursts.registerJobs(nomad, registry.hostPort(), JOBS);
            deployer.start();
            for (int round = 1; round <= ROUNDS; round++) {
                for (int j = 0; j < JOBS; j++) {
                    Bursts.push(pusher, j, round);
                    if (round == ROUNDS / 2 && j == JOBS / 2) {
                        deployer.kill();
                    }
                }
                if (round == ROUNDS / 2 + 1) {
                    deployer.start();
                }
            }

            Bursts.awaitEveryJobAt(nomad, JOBS, ROUNDS, deployer::logTail);

            assertThat(deployer.logText().split("event=started", -1)).as("the service was started twice").hasSize(3);
            Bursts.assertExactlyOneRegisterPerJobAndTag(nomad);
            Bursts.assertEveryPushIsInTheHistory(new HistoryApi(port), JOBS, ROUNDS);
            Bursts.assertEveryRolloutEnded(new HistoryApi(port), JOBS);
        }
    }
}
