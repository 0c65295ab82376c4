package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.postgres.PostgresServer;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service processes sharing a real PostgreSQL database, notified by a real registry with one endpoint per
 * replica, deploying to the Nomad simulator: what an operator running replicas is promised when one of them, or
 * the database, goes away in the middle of a burst.
 */
@Timeout(300)
class ReplicasOnPostgresTest {
    private static final int JOBS = 50;
    private static final String ROLE = "deployer";
    private static final String PASSWORD = "replica-store-password";

    @TempDir
    Path dir;
    private PostgresServer postgres;
    private NomadSim nomad;
    private RegistryHarness registry;
    private DeployerProcess first;
    private DeployerProcess second;

    @BeforeEach
    void start() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        ToolRequirement.assumeInstalled("initdb");
        postgres = PostgresServer.builder().start();
        postgres.createRole(ROLE, PASSWORD);
        postgres.createDatabase("deployer");
        postgres.grantOwnSchema("deployer", ROLE);
        nomad = NomadSim.builder().build().start();
        first = replica("replica-a");
        second = replica("replica-b");
        registry = RegistryHarness.builder()
                .notifyUrl(URI.create("http://127.0.0.1:" + first.port() + "/registry/callback"))
                .alsoNotify(URI.create("http://127.0.0.1:" + second.port() + "/registry/callback"))
                .timeout(Duration.ofSeconds(2)).threshold(1).backoff(Duration.ofMillis(200)).start();
        Bursts.registerJobs(nomad, registry.hostPort(), JOBS);
        first.start();
        second.start();
    }

    private DeployerProcess replica(String name) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        return new DeployerProcess(home, DeployerProcess.freePort(), List.of(
                "--nomad.url=" + nomad.baseUrl(), "--store.url=" + postgres.jdbcUrl("deployer"),
                "--store.user=" + ROLE, "--store.password=" + PASSWORD, "--ha.replica=" + name,
                "--ha.failover=3s", "--deploy.retry.initial=100ms", "--deploy.retry.max=1s",
                "--server.log.requests=false"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {first, second, registry, nomad, postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void killingTheLeaderMidBurstLosesNoPushDoublesNoRegisterAndTheOtherReplicaLeads() throws Exception {
        ImagePusher pusher = new ImagePusher(registry.client());
        int rounds = 10;
        DeployerProcess killed = null;
        for (int round = 1; round <= rounds; round++) {
            for (int j = 0; j < JOBS; j++) {
                Bursts.push(pusher, j, round);
                if (round == rounds / 2 && j == JOBS / 2) {
                    killed = leader();
                    killed.kill();
                }
            }
        }
        DeployerProcess survivor = killed == first ? second : first;

        Bursts.awaitEveryJobAt(nomad, JOBS, rounds, survivor::logTail);
        Bursts.assertExactlyOneRegisterPerJobAndTag(nomad);
        Bursts.assertEveryPushIsInTheHistory(new HistoryApi(survivor.port()), JOBS, rounds);
        Bursts.assertEveryRolloutEnded(new HistoryApi(survivor.port()), JOBS);
        JsonNode status = new HistoryApi(survivor.port()).get("/api/v1/status");
        assertThat(status.path("role").asText()).isEqualTo("leader");
        assertThat(status.path("leader").path("epoch").asLong()).as("a new reign").isGreaterThanOrEqualTo(2);
        assertThat(postgres.psql("deployer").query("select count(*) from " + ROLE + ".events"))
                .as("each push once, though each replica was sent every one").isEqualTo(String.valueOf(JOBS * rounds));
    }

    @Test
    void cutSessionsAndADatabaseRestartMidBurstLoseNothingAndDoubleNothing() throws Exception {
        ImagePusher pusher = new ImagePusher(registry.client());
        int rounds = 6;
        for (int round = 1; round <= rounds; round++) {
            for (int j = 0; j < JOBS; j++) {
                Bursts.push(pusher, j, round);
                if (round == 2 && j == JOBS / 2) {
                    assertThat(postgres.terminateBackendsOf(ROLE)).isPositive();
                }
                if (round == 4 && j == JOBS / 2) {
                    postgres.restart();
                }
            }
        }

        Bursts.awaitEveryJobAt(nomad, JOBS, rounds, first::logTail);
        Bursts.assertExactlyOneRegisterPerJobAndTag(nomad);
        Bursts.assertEveryPushIsInTheHistory(new HistoryApi(first.port()), JOBS, rounds);
        long leaders = List.of(first, second).stream()
                .filter(replica -> new HistoryApi(replica.port()).get("/api/v1/status").path("role").asText().equals("leader"))
                .count();
        assertThat(leaders).isEqualTo(1);
    }

    private DeployerProcess leader() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> List.of(first, second).stream()
                        .filter(r -> new HistoryApi(r.port()).get("/api/v1/status").path("role").asText().equals("leader"))
                        .findFirst().orElse(null), r -> r != null);
    }
}
