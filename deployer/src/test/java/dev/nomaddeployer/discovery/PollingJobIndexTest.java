package dev.nomaddeployer.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadConnection;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The job index reads each job once and then only what changed, so a push never reads every job. */
@Timeout(60)
class PollingJobIndexTest {
    private static final String REGISTRY = "registry.example:5000";
    private final NomadSim nomad = NomadSim.builder().build().start();
    private final NomadClient client = new NomadClient(new NomadConnection(nomad.baseUrl(), Optional.empty(),
            Optional.empty(), Duration.ofSeconds(5), Optional.empty()));
    private final PollingJobIndex index = new PollingJobIndex(client, "*", new RegistryHosts(List.of()));

    @AfterEach
    void stop() {
        nomad.close();
    }

    private void register(String id, String repository) {
        var job = JobFixtures.web();
        job.put("ID", id).put("Name", id);
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), REGISTRY + "/" + repository + ":${NOMAD_META_VERSION}");
        nomad.registerJob(job);
    }

    private long jobReads() {
        return nomad.requests().stream().filter(r -> r.method().equals("GET") && r.path().startsWith("/v1/job/")).count();
    }

    /** The simulator records a request just after answering it, so let the count settle before comparing. */
    private void assertJobReads(long expected) {
        await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(jobReads()).isEqualTo(expected));
    }

    @Test
    void refreshReadsOnlyJobsWhoseModifyIndexMoved() throws Exception {
        register("web", "team/web");
        register("api", "team/api");
        index.refresh();
        assertJobReads(2);

        index.refresh();
        assertJobReads(2);

        nomad.editJob("default", "api", job -> JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                REGISTRY + "/team/other:${NOMAD_META_VERSION}"));
        index.refresh();
        assertJobReads(3);
        assertThat(index.jobsUsing(REGISTRY, "team/api")).isEmpty();
        assertThat(index.jobsUsing(REGISTRY, "team/other")).containsExactly(new JobKey("default", "api"));
    }

    @Test
    void ourOwnRegisterIsNotReadAgainOnTheNextRefresh() throws Exception {
        register("web", "team/web");
        index.refresh();
        var read = client.readJob("default", "web");
        var changed = read.job().deepCopy();
        changed.with("Meta").put("VERSION", "9.9.9");
        var result = client.register("default", changed, read.jobModifyIndex());
        index.registeredByUs(changed, result.jobModifyIndex());
        long before = 2; // the refresh's read and ours

        index.refresh();

        assertJobReads(before);
        assertThat(index.jobsUsing(REGISTRY, "team/web")).containsExactly(new JobKey("default", "web"));
    }

    @Test
    void deletedJobsLeaveTheIndex() throws Exception {
        register("web", "team/web");
        index.refresh();
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                nomad.baseUrl().resolve("/v1/job/web?purge=true")).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());

        index.refresh();

        assertThat(index.jobsUsing(REGISTRY, "team/web")).isEmpty();
        assertThat(index.size()).isZero();
    }
}
