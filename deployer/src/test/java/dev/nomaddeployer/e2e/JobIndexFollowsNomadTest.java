package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.discovery.LiveJobIndex;
import dev.nomaddeployer.http.CapturedLog;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service follows what happens in Nomad by itself: a job created, changed, stopped or purged there is
 * matched (or no longer matched) by the next push, the listener is up before the index is, and a restart reads
 * only what changed.
 */
@Timeout(180)
class JobIndexFollowsNomadTest {
    private static final String REGISTRY = RunningDeployer.REGISTRY;
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();
    private NomadSim nomad;

    @TempDir
    Path dir;

    @AfterEach
    void stopNomad() {
        if (nomad != null) {
            nomad.close();
        }
    }

    private static ObjectNode job(String id, String repository) {
        ObjectNode job = JobFixtures.web();
        job.put("ID", id).put("Name", id);
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), REGISTRY + "/" + repository + ":${NOMAD_META_VERSION}");
        return job;
    }

    private String version(String id) {
        return nomad.job("default", id).orElseThrow().path("Meta").path("VERSION").asText();
    }

    private long requests(String method, String path) {
        return nomad.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    private long jobReads() {
        return nomad.requests().stream().filter(r -> r.method().equals("GET") && r.path().startsWith("/v1/job/"))
                .count();
    }

    private HttpResponse<String> get(RunningDeployer deployer, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployer.app().address().getPort()
                + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void delete(String id, boolean purge) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(nomad.baseUrl() + "/v1/job/" + id + (purge ? "?purge=true" : "")))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Pushes until the job takes the tag: the index learns of Nomad's change a moment after it happens. */
    private void awaitPushApplied(RunningDeployer deployer, String repository, String id, String tag) {
        await().atMost(GENEROUS).pollInterval(Duration.ofMillis(200)).until(() -> {
            deployer.push(repository, tag);
            deployer.awaitIdle();
            return version(id).equals(tag);
        });
    }

    @Test
    void aJobCreatedChangedStoppedAndPurgedInNomadIsMatchedOrNoLongerMatchedByTheNextPush() throws Exception {
        nomad = NomadSim.builder().build().start();
        try (RunningDeployer deployer = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
            await().atMost(GENEROUS).until(() -> deployer.app().index().warm());

            nomad.registerJob(job("web", "team/web"));
            awaitPushApplied(deployer, "team/web", "web", "2.0.0");

            nomad.editJob("default", "web", job -> JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                    REGISTRY + "/team/moved:${NOMAD_META_VERSION}"));
            awaitPushApplied(deployer, "team/moved", "web", "3.0.0");
            assertThat(deployer.push("team/web", "9.9.9")).isEqualTo(200);
            deployer.awaitIdle();
            assertThat(version("web")).isEqualTo("3.0.0");

            delete("web", false);
            await().atMost(GENEROUS).until(() -> deployer.app().index().size() == 0);
            long registersWhileStopped = requests("POST", "/v1/job/web");
            assertThat(deployer.push("team/moved", "4.0.0")).isEqualTo(200);
            deployer.awaitIdle();
            assertThat(requests("POST", "/v1/job/web")).isEqualTo(registersWhileStopped);

            nomad.registerJob(job("web", "team/web"));
            awaitPushApplied(deployer, "team/web", "web", "5.0.0");
            delete("web", true);
            await().atMost(GENEROUS).until(() -> deployer.app().index().size() == 0);
            long registersWhilePurged = requests("POST", "/v1/job/web");
            assertThat(deployer.push("team/web", "6.0.0")).isEqualTo(200);
            deployer.awaitIdle();
            assertThat(requests("POST", "/v1/job/web")).isEqualTo(registersWhilePurged);
            assertThat(nomad.job("default", "web")).isEmpty();
        }
    }

    @Test
    void jobsRegisteredWhileTheEventStreamDropsMidBurstAreAllMatched() throws Exception {
        nomad = NomadSim.builder().build().start();
        try (RunningDeployer deployer = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
            await().atMost(GENEROUS).until(() -> deployer.app().index().warm());
            int jobs = 150; // more than the 100 entries Nomad buffers, so the second drop loses events for good
            for (int i = 0; i < jobs; i++) {
                nomad.registerJob(job("job-" + i, "team/app-" + i));
                if (i == 40) {
                    nomad.dropEventStreams(false);
                }
                if (i == 90) {
                    nomad.dropEventStreams(true);
                }
            }

            await().atMost(GENEROUS).until(() -> deployer.app().index().size() == jobs);
            for (int i = 0; i < jobs; i++) {
                assertThat(deployer.push("team/app-" + i, "2.0.0")).isEqualTo(200);
            }
            deployer.awaitIdle();
            for (int i = 0; i < jobs; i++) {
                assertThat(version("job-" + i)).as("job-" + i).isEqualTo("2.0.0");
            }
            assertThat(deployer.app().index().source()).isEqualTo(LiveJobIndex.Source.STREAM);
        }
    }

    @Test
    void aTokenThatMayNotFollowTheEventStreamFallsBackToPollingAndSaysSoOnce() throws Exception {
        nomad = NomadSim.builder().managementToken("management").build().start();
        nomad.createNamespace("batch");
        // read-job in default only: Nomad refuses the stream over every namespace, while the list still works
        nomad.acl().addToken("deployer-secret", "deployer",
                Map.of("default", Set.of(Acl.LIST_JOBS, Acl.READ_JOB, Acl.SUBMIT_JOB), "batch", Set.of(Acl.LIST_JOBS)));
        try (CapturedLog log = new CapturedLog();
             RunningDeployer deployer = RunningDeployer.start(dir, nomad.baseUrl(),
                     List.of("--nomad.token=deployer-secret", "--discovery.refresh=2s"))) {
            await().atMost(GENEROUS).until(() -> deployer.app().index().warm());

            nomad.registerJob(job("web", "team/web"));
            awaitPushApplied(deployer, "team/web", "web", "2.0.0");
            nomad.editJob("default", "web", job -> JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                    REGISTRY + "/team/moved:${NOMAD_META_VERSION}"));
            awaitPushApplied(deployer, "team/moved", "web", "3.0.0");

            assertThat(deployer.app().index().source()).isEqualTo(LiveJobIndex.Source.POLLING);
            assertThat(log.lines().stream().filter(line -> line.contains("event=index_source source=polling")))
                    .hasSize(1).allSatisfy(line -> assertThat(line).contains("read-job"));
            assertThat(requests("GET", "/v1/event/stream")).isEqualTo(1);
        }
    }

    @Test
    void aRestartOverAThousandJobsListsOnceAndReadsNone() throws Exception {
        nomad = NomadSim.builder().build().start();
        int jobs = 1000;
        for (int i = 0; i < jobs; i++) {
            nomad.registerJob(job("job-" + i, "team/app-" + i));
        }
        try (RunningDeployer first = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
            await().atMost(Duration.ofSeconds(120)).until(() -> get(first, "/ready").statusCode() == 204);
            assertThat(first.app().index().size()).isEqualTo(jobs);
        }
        nomad.resetRecords();

        try (RunningDeployer second = RunningDeployer.start(dir, nomad.baseUrl(), List.of())) {
            await().atMost(GENEROUS).until(() -> get(second, "/ready").statusCode() == 204);

            // one list: its first page (1,000 stubs come in two pages of 500)
            assertThat(nomad.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals("/v1/jobs")
                    && (r.query() == null || !r.query().contains("next_token=")))).hasSize(1);
            assertThat(jobReads()).isZero();
            assertThat(second.push("team/app-500", "2.0.0")).isEqualTo(200);
            second.awaitIdle();
            assertThat(version("job-500")).isEqualTo("2.0.0");
        }
    }

    @Test
    void theListenerTakesPushesWhileTheIndexIsStillReadingAndReadySaysWhy() throws Exception {
        nomad = NomadSim.builder().build().start();
        for (int i = 0; i < 40; i++) {
            nomad.registerJob(job("job-" + i, "team/app-" + i));
        }
        nomad.faults().latency(Duration.ofMillis(250));
        try (RunningDeployer deployer = RunningDeployer.start(dir, nomad.baseUrl(),
                List.of("--discovery.read_concurrency=1"))) {
            HttpResponse<String> ready = get(deployer, "/ready");
            assertThat(get(deployer, "/health").statusCode()).isEqualTo(204);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).startsWith("job index: ");
            await().atMost(GENEROUS).until(() -> get(deployer, "/ready").body().strip()
                    .matches("job index: read ([0-9]|1[0-9]) of 40 jobs")); // at least 20 reads of 250 ms to go
            assertThat(deployer.push("team/app-7", "2.0.0")).isEqualTo(200);
            assertThat(deployer.app().index().warm()).isFalse();

            await().atMost(GENEROUS).until(() -> get(deployer, "/ready").statusCode() == 204);
            deployer.awaitIdle();
            assertThat(version("job-7")).isEqualTo("2.0.0");
        }
    }
}
