package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.App;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exactly one redeploy per new tag per job, in the right order, whatever the registry and Nomad do. */
@Timeout(180)
class DeliveryGuaranteesTest {
    private static final String REGISTRY = "registry.test:5000";

    @TempDir
    Path dir;
    NomadSim nomad = NomadSim.builder().build().start();
    App app;
    DeployerFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (app != null) {
            app.close();
        }
        nomad.close();
    }

    private void registerWebRunning(String registryHost, String repository) {
        nomad.registerJob(DeployerFixture.webRunning(registryHost + "/" + repository));
    }

    private String version(String job) {
        return nomad.job("default", job).orElseThrow().path("Meta").path("VERSION").asText();
    }

    private List<Registration> registrationsOf(String job) {
        return nomad.registrations().stream().filter(r -> r.jobId().equals(job)).toList();
    }

    @Test
    void eventDeliveredThreeTimesRedeploysOnce() throws Exception {
        registerWebRunning(REGISTRY, "team/web");
        app = DeployerFixture.startApp(dir, nomad.baseUrl(), List.of());
        Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
        Instant at = Instant.now();
        for (int i = 0; i < 3; i++) {
            assertThat(notifier.send("same-event-id", at, "team/web", "1.6.0")).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> version("web").equals("1.6.0"));
        await().atMost(Duration.ofSeconds(20)).until(app::idle);
        assertThat(registrationsOf("web")).hasSize(1);
        assertThat(new HistoryApi(app.address().getPort()).forJob("web")).hasSize(1);
    }

    @Test
    void olderPushDeliveredAfterANewerOneNeverMovesTheJobBack() throws Exception {
        registerWebRunning(REGISTRY, "team/web");
        app = DeployerFixture.startApp(dir, nomad.baseUrl(), List.of());
        Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
        Instant newer = Instant.now();
        assertThat(notifier.send("newer", newer, "team/web", "2.0.0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> version("web").equals("2.0.0"));

        assertThat(notifier.send("older", newer.minusSeconds(60), "team/web", "1.9.0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(app::idle);

        assertThat(version("web")).isEqualTo("2.0.0");
        assertThat(registrationsOf("web")).hasSize(1);
        assertThat(new HistoryApi(app.address().getPort()).forJob("web"))
                .anySatisfy(entry -> {
                    assertThat(entry.path("tag").asText()).isEqualTo("1.9.0");
                    assertThat(entry.path("status").asText()).isEqualTo("superseded");
                });
    }

    @Test
    void slowNomadStillGetsExactlyOneRegisterPerPushAndJob() throws Exception {
        // The Go tool called Nomad before answering: with Nomad at 1.5 s and a 2 s registry timeout the
        // registry re-sent the event and one push registered the job six times.
        fixture = DeployerFixture.start(dir, nomad, List.of(), Duration.ofSeconds(2));
        registerWebRunning(fixture.registryHost(), "team/web");
        var api = JobFixtures.api();
        JobFixtures.setImage(JobFixtures.task(api, 0, 0), fixture.registryHost() + "/team/web:${NOMAD_META_API_VERSION}");
        nomad.registerJob(api);
        nomad.resetRecords();
        nomad.faults().latency(Duration.ofMillis(1500));

        fixture.pusher.push("team/web", "1.6.0", ManifestFormat.OCI, "slow-1");
        fixture.pusher.tag("team/web", "1.6.0", "1.6.1");

        await().atMost(Duration.ofSeconds(60)).until(() -> version("web").equals("1.6.1"));
        await().atMost(Duration.ofSeconds(60)).until(fixture.app::idle);
        Thread.sleep(3000); // long enough for any re-delivery the registry would make after its 2 s timeout
        await().atMost(Duration.ofSeconds(60)).until(fixture.app::idle);
        Map<String, Long> perTag = registrationsOf("web").stream()
                .collect(Collectors.groupingBy(r -> r.meta().path("VERSION").asText(), Collectors.counting()));
        assertThat(perTag.values()).allMatch(count -> count == 1);
        assertThat(registrationsOf("api")).hasSizeBetween(1, 2)
                .extracting(r -> r.job().path("TaskGroups").path(0).path("Meta").path("API_VERSION").asText())
                .doesNotHaveDuplicates();
    }

    @Test
    void pushesDuringA30SecondNomadOutageAreAllAppliedOnceNomadReturns() throws Exception {
        fixture = DeployerFixture.start(dir, nomad, List.of());
        int jobs = 10;
        for (int j = 0; j < jobs; j++) {
            var job = fixture.jobRunning(JobFixtures.web(), "svc-" + j, "team/svc-" + j, "VERSION");
            nomad.registerJob(job);
            fixture.pusher.push("team/svc-" + j, "0.0.1", ManifestFormat.OCI, "svc-" + j);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> version("svc-9").equals("0.0.1"));
        await().atMost(Duration.ofSeconds(30)).until(fixture.app::idle);
        nomad.resetRecords();

        nomad.down();
        Instant downAt = Instant.now();
        for (int round = 1; round <= 10; round++) {
            for (int j = 0; j < jobs; j++) {
                fixture.pusher.tag("team/svc-" + j, "0.0.1", "1.0." + round);
            }
        }
        Thread.sleep(Math.max(0, Duration.ofSeconds(30).minus(Duration.between(downAt, Instant.now())).toMillis()));
        assertThat(nomad.registrations()).isEmpty();
        nomad.up();

        await().atMost(Duration.ofSeconds(60)).until(fixture.app::idle);
        HistoryApi history = new HistoryApi(fixture.app.address().getPort());
        for (int j = 0; j < jobs; j++) {
            String job = "svc-" + j;
            assertThat(version(job)).as(job).isEqualTo("1.0.10");
            assertThat(registrationsOf(job)).as("registrations of " + job)
                    .extracting(r -> r.meta().path("VERSION").asText()).doesNotHaveDuplicates();
            // every one of the 10 pushes is accounted for: applied, or folded into a newer one
            List<JsonNode> decisions = history.forJob(job);
            for (int round = 1; round <= 10; round++) {
                String tag = "1.0." + round;
                assertThat(decisions).as(job + " " + tag).anySatisfy(d -> {
                    assertThat(d.path("tag").asText()).isEqualTo(tag);
                    assertThat(d.path("status").asText()).isIn("registered", "superseded");
                });
            }
        }
    }
    @Test
    void noJobIsAppliedTwiceAtOnceUnderABurstFromConcurrentSenders() throws Exception {
        int jobs = 4;
        for (int j = 0; j < jobs; j++) {
            ObjectNode job = DeployerFixture.webRunning(REGISTRY + "/team/svc-" + j);
            job.put("ID", "svc-" + j).put("Name", "svc-" + j);
            nomad.registerJob(job);
        }
        int pushes = 160;
        // Registers are held while reads pass at once: a second attempt at a job started during the first would
        // send its register while the first one's is still held.
        try (SlowRegisters slow = new SlowRegisters(nomad.baseUrl(), Duration.ofMillis(50))) {
            app = DeployerFixture.startApp(dir, slow.baseUrl(), List.of("--deploy.concurrency=8"));
            Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
            Instant start = Instant.now();
            AtomicInteger next = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Integer>>> sent = new ArrayList<>();
                for (int s = 0; s < 8; s++) {
                    sent.add(senders.submit(() -> {
                        List<Integer> statuses = new ArrayList<>();
                        for (int k = next.getAndIncrement(); k < pushes; k = next.getAndIncrement()) {
                            statuses.add(notifier.send("burst-" + k, start.plusMillis(k), "team/svc-" + k % jobs,
                                    "1.0." + k));
                        }
                        return statuses;
                    }));
                }
                for (Future<List<Integer>> statuses : sent) {
                    assertThat(statuses.get(60, TimeUnit.SECONDS)).containsOnly(200);
                }
            } finally {
                senders.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(60)).until(app::idle);

            assertThat(slow.registers()).as("registers seen").isGreaterThanOrEqualTo(jobs);
            assertThat(slow.overlapping()).as("registers of a job sent while another of the same job was in flight")
                    .isZero();
        }
        for (int j = 0; j < jobs; j++) {
            String job = "svc-" + j;
            assertThat(version(job)).as(job + " ends at its newest push").isEqualTo("1.0." + (pushes - jobs + j));
            assertThat(registrationsOf(job)).as("registrations of " + job)
                    .extracting(r -> r.meta().path("VERSION").asText()).doesNotHaveDuplicates();
        }
    }
}
