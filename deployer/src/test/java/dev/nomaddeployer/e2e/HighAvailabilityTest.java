package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.leadership.Lease;
import dev.nomaddeployer.security.LogCapture;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcLeases;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas sharing one SQLite store, as two processes (or two tasks of one Nomad job on one host volume)
 * would: one leads and applies, both take pushes, and when the leader goes the other carries on.
 */
@Timeout(180)
class HighAvailabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    NomadSim nomad;

    @BeforeEach
    void startNomad() {
        nomad = NomadSim.builder().build().start();
        nomad.registerJob(DeployerFixture.webRunning(RunningDeployer.REGISTRY + "/team/web"));
    }

    @AfterEach
    void stopNomad() {
        nomad.close();
    }

    private RunningDeployer replica(String name, String... flags) throws Exception {
        List<String> all = new ArrayList<>(List.of("--ha.replica=" + name));
        all.addAll(List.of(flags));
        return RunningDeployer.start(dir, nomad.baseUrl(), all);
    }

    private static JsonNode status(RunningDeployer replica) throws IOException {
        HttpResponse<String> response = replica.get("/api/v1/status");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static boolean leads(RunningDeployer replica) throws IOException {
        return status(replica).path("role").asText().equals("leader");
    }

    private String version() {
        return nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText();
    }

    private long registersOf(String tag) {
        return nomad.registrations().stream()
                .filter(r -> r.jobId().equals("web") && r.meta().path("VERSION").asText().equals(tag)).count();
    }

    private static double gauge(RunningDeployer replica, String name) {
        return replica.get("/metrics").body().lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst().orElseThrow();
    }

    @Test
    void ofTwoReplicasOnOneStoreExactlyOneLeadsAndBothNameIt() throws Exception {
        try (RunningDeployer a = replica("a"); RunningDeployer b = replica("b")) {
            await().atMost(GENEROUS).until(() -> leads(a) || leads(b));
            RunningDeployer leader = leads(a) ? a : b;
            RunningDeployer follower = leader == a ? b : a;

            JsonNode fromLeader = status(leader);
            JsonNode fromFollower = status(follower);
            assertThat(fromFollower.path("role").asText()).isEqualTo("follower");
            assertThat(fromFollower.path("leader")).as("both read the leader from the lease")
                    .isEqualTo(fromLeader.path("leader"));
            assertThat(fromLeader.path("leader").path("replica").asText()).isEqualTo(fromLeader.path("replica").asText());
            assertThat(fromLeader.path("leader").path("epoch").asLong()).isEqualTo(1);
            assertThat(fromLeader.path("store").asText()).isEqualTo("sqlite");
            assertThat(gauge(leader, "nomad_deployer_leader")).isEqualTo(1.0);
            assertThat(gauge(follower, "nomad_deployer_leader")).isEqualTo(0.0);
            assertThat(gauge(follower, "nomad_deployer_leader_epoch")).isEqualTo(1.0);
            assertThat(follower.get("/ready").statusCode()).as("a follower takes pushes, so it is ready").isEqualTo(204);
        }
    }

    @Test
    void aPushSentToTheFollowerIsAppliedByTheLeaderOnce() throws Exception {
        try (RunningDeployer a = replica("a")) {
            await().atMost(GENEROUS).until(() -> leads(a));
            try (RunningDeployer b = replica("b")) {
                assertThat(leads(b)).isFalse();

                assertThat(b.push("team/web", "1.6.0")).isEqualTo(200);

                await().atMost(GENEROUS).until(() -> version().equals("1.6.0"));
                b.awaitIdle();
                assertThat(registersOf("1.6.0")).isEqualTo(1);
                assertThat(b.history("web")).singleElement()
                        .satisfies(d -> assertThat(d.path("status").asText()).isEqualTo("registered"));
            }
        }
    }

    @Test
    void theSameEventSentToBothReplicasIsStoredAndAppliedOnce() throws Exception {
        try (RunningDeployer a = replica("a"); RunningDeployer b = replica("b")) {
            String id = UUID.randomUUID().toString();
            ObjectNode envelope = Notifier.envelope(Notifier.event(id, Instant.now(), RunningDeployer.REGISTRY,
                    "team/web", "1.6.0"));

            assertThat(new Notifier(a.app().address().getPort(), RunningDeployer.REGISTRY).post(envelope)).isEqualTo(200);
            assertThat(new Notifier(b.app().address().getPort(), RunningDeployer.REGISTRY).post(envelope)).isEqualTo(200);

            await().atMost(GENEROUS).until(() -> version().equals("1.6.0"));
            a.awaitIdle();
            try (Database store = Database.openFile(dir.resolve("deployer.db"))) {
                int stored = store.read(c -> {
                    try (var count = c.prepareStatement("SELECT count(*) FROM events WHERE event_id = ?")) {
                        count.setString(1, id);
                        try (var row = count.executeQuery()) {
                            return row.next() ? row.getInt(1) : 0;
                        }
                    }
                });
                assertThat(stored).isEqualTo(1);
            }
            assertThat(registersOf("1.6.0")).isEqualTo(1);
            assertThat(a.history("web")).singleElement()
                    .satisfies(d -> assertThat(d.path("event_id").asText()).isEqualTo(id));
        }
    }

    @Test
    void whenTheLeaderStopsTheOtherLeadsSoonAfterAndAppliesWhatWasPending() throws Exception {
        try (LogCapture log = LogCapture.start(); RunningDeployer a = replica("a")) {
            await().atMost(GENEROUS).until(() -> leads(a));
            try (RunningDeployer b = replica("b")) {
                a.close();
                // Taken while no replica leads: it waits in the store for the next leader.
                assertThat(b.push("team/web", "1.6.0")).isEqualTo(200);

                await().atMost(GENEROUS).until(() -> leads(b));
                assertThat(status(b).path("leader").path("epoch").asLong()).isEqualTo(2);
                await().atMost(GENEROUS).until(() -> version().equals("1.6.0"));
                b.awaitIdle();
                assertThat(registersOf("1.6.0")).isEqualTo(1);
                assertThat(log.text()).contains("event=leadership_acquired replica=b epoch=2 previous=a");
            }
        }
    }

    @Test
    void whenTheLeaderDiesWithoutReleasingTheOtherTakesOverOnceItsLeaseRanOut() throws Exception {
        int port = DeployerProcess.freePort();
        Path store = dir.resolve("deployer.db");
        try (DeployerProcess doomed = new DeployerProcess(dir, port, List.of("--nomad.url=" + nomad.baseUrl(),
                "--store.path=" + store, "--ha.replica=doomed", "--ha.failover=4s", "--server.log.requests=false"))) {
            doomed.start();
            await().atMost(GENEROUS).until(() -> currentLease(store).holder().equals("doomed"));
            try (RunningDeployer survivor = replica("survivor", "--ha.failover=4s")) {
                assertThat(leads(survivor)).isFalse();

                doomed.kill();
                Instant deadLeaseEnds = currentLease(store).expiresAt();
                assertThat(survivor.push("team/web", "1.6.0")).isEqualTo(200);

                await().atMost(GENEROUS).until(() -> leads(survivor));
                JsonNode leader = status(survivor).path("leader");
                assertThat(Instant.parse(leader.path("since").asText()))
                        .as("not before the dead leader's lease ran out").isAfterOrEqualTo(deadLeaseEnds);
                assertThat(leader.path("epoch").asLong()).isEqualTo(2);
                await().atMost(GENEROUS).until(() -> version().equals("1.6.0"));
                survivor.awaitIdle();
                assertThat(registersOf("1.6.0")).isEqualTo(1);
            }
        }
    }

    @Test
    void aLeaderStoppedWhileItsRegisterIsInFlightLeavesTheTargetToTheNextLeaderAndNothingIsRegisteredTwice()
            throws Exception {
        try (SlowRegisters slow = new SlowRegisters(nomad.baseUrl(), Duration.ofSeconds(3));
             RunningDeployer a = RunningDeployer.start(dir, slow.baseUrl(),
                     List.of("--ha.replica=a", "--server.shutdown.timeout=500ms"))) {
            await().atMost(GENEROUS).until(() -> leads(a));
            try (RunningDeployer b = replica("b")) {
                assertThat(a.push("team/web", "1.6.0")).isEqualTo(200);
                await().atMost(GENEROUS).until(() -> slow.registers() == 1);

                // Its redeploy outlasts the shutdown time-out: the lease is given up while the register is held.
                a.close();

                await().atMost(GENEROUS).until(() -> leads(b));
                await().atMost(GENEROUS).until(() -> version().equals("1.6.0"));
                await().atMost(GENEROUS).until(() -> slow.answered() == slow.registers());
                b.awaitIdle();
                assertThat(registersOf("1.6.0")).as("one job version for the tag, whichever replica made it")
                        .isEqualTo(1);
                assertThat(b.history("web")).singleElement()
                        .satisfies(d -> assertThat(d.path("status").asText()).isEqualTo("registered"));
            }
        }
    }

    /** The lease row as a third party reads it (an operator with the sqlite3 shell, say). */
    private static Lease currentLease(Path store) {
        try (Database database = Database.openFile(store)) {
            return new JdbcLeases(database).current();
        }
    }
}
