package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.postgres.PostgresServer;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import dev.nomaddeployer.testbed.registry.ToolRequirement;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        for (int j = 0; j < JOBS; j++) {
            var job = JobFixtures.web();
            job.put("ID", "svc-" + j).put("Name", "svc-" + j);
            JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                    registry.hostPort() + "/team/svc-" + j + ":${NOMAD_META_VERSION}");
            nomad.registerJob(job);
        }
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
                push(pusher, j, round);
                if (round == rounds / 2 && j == JOBS / 2) {
                    killed = leader();
                    killed.kill();
                }
            }
        }
        DeployerProcess survivor = killed == first ? second : first;

        awaitEveryJobAt("1.0." + rounds, survivor);
        assertExactlyOneRegisterPerJobAndTag();
        assertEveryPushIsInTheHistory(survivor, rounds);
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
                push(pusher, j, round);
                if (round == 2 && j == JOBS / 2) {
                    assertThat(postgres.terminateBackendsOf(ROLE)).isPositive();
                }
                if (round == 4 && j == JOBS / 2) {
                    postgres.restart();
                }
            }
        }

        awaitEveryJobAt("1.0." + rounds, first);
        assertExactlyOneRegisterPerJobAndTag();
        assertEveryPushIsInTheHistory(first, rounds);
        long leaders = List.of(first, second).stream()
                .filter(replica -> new HistoryApi(replica.port()).get("/api/v1/status").path("role").asText().equals("leader"))
                .count();
        assertThat(leaders).isEqualTo(1);
    }

    private void push(ImagePusher pusher, int job, int round) throws Exception {
        if (round == 1) {
            pusher.push("team/svc-" + job, "1.0.1", ManifestFormat.OCI, "svc-" + job);
        } else {
            pusher.tag("team/svc-" + job, "1.0.1", "1.0." + round);
        }
    }

    private DeployerProcess leader() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> List.of(first, second).stream()
                        .filter(r -> new HistoryApi(r.port()).get("/api/v1/status").path("role").asText().equals("leader"))
                        .findFirst().orElse(null), r -> r != null);
    }

    private void awaitEveryJobAt(String tag, DeployerProcess replica) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int j = 0; j < JOBS; j++) {
                assertThat(nomad.job("default", "svc-" + j).orElseThrow().path("Meta").path("VERSION").asText())
                        .as("svc-" + j + "\n" + replica.logTail()).isEqualTo(tag);
            }
        });
    }

    private void assertExactlyOneRegisterPerJobAndTag() {
        Map<String, Long> registersPerJobAndTag = nomad.registrations().stream().collect(Collectors.groupingBy(
                (Registration r) -> r.jobId() + ":" + r.meta().path("VERSION").asText(), Collectors.counting()));
        assertThat(registersPerJobAndTag).allSatisfy((jobAndTag, count) ->
                assertThat(count).as("registers of " + jobAndTag).isEqualTo(1L));
    }

    private void assertEveryPushIsInTheHistory(DeployerProcess replica, int rounds) {
        HistoryApi history = new HistoryApi(replica.port());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int j = 0; j < JOBS; j++) {
                List<JsonNode> decisions = history.forJob("svc-" + j);
                for (int round = 1; round <= rounds; round++) {
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
