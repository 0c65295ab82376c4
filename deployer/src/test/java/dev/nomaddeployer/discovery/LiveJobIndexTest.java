package dev.nomaddeployer.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.config.StoreSettings;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadConnection;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcKnownJobs;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The index follows Nomad by itself: what changes there is matched here soon after, without a list per change. */
@Timeout(120)
class LiveJobIndexTest {
    private static final String REGISTRY = "registry.example:5000";
    private static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final NomadSim nomad = NomadSim.builder().build().start();
    private final NomadClient client = new NomadClient(new NomadConnection(nomad.baseUrl(), Optional.empty(),
            Optional.empty(), Duration.ofSeconds(5), Optional.empty()));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        nomad.close();
    }

    private LiveJobIndex start(List<String> aliases) {
        Database database = Database.open(new StoreSettings(dir.resolve("index.db"), Optional.empty()));
        open.add(database);
        LiveJobIndex index = new LiveJobIndex(client, new RegistryHosts(aliases), new JdbcKnownJobs(database),
                new LiveJobIndex.Options("*", 4, 200, Duration.ofSeconds(5)));
        open.add(index);
        index.start();
        await().atMost(SOON).until(index::warm);
        return index;
    }

    private void register(String id, String image) {
        ObjectNode job = JobFixtures.web();
        job.put("ID", id).put("Name", id);
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), image);
        nomad.registerJob(job);
    }

    private long count(String method, String pathPrefix) {
        return nomad.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).count();
    }

    private void delete(String id, boolean purge) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(nomad.baseUrl() + "/v1/job/" + id
                + (purge ? "?purge=true" : ""))).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void aJobRegisteredChangedStoppedAndPurgedInNomadIsFollowedWithoutReadingIt() throws Exception {
        LiveJobIndex index = start(List.of());
        long readsAtWarm = count("GET", "/v1/job/");

        register("web", REGISTRY + "/team/web:${NOMAD_META_VERSION}");
        JobKey web = new JobKey("default", "web");
        await().atMost(SOON).until(() -> index.jobsUsing(REGISTRY, "team/web").equals(List.of(web)));

        nomad.editJob("default", "web", job -> JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                REGISTRY + "/team/moved:${NOMAD_META_VERSION}"));
        await().atMost(SOON).until(() -> index.jobsUsing(REGISTRY, "team/moved").equals(List.of(web)));
        assertThat(index.jobsUsing(REGISTRY, "team/web")).isEmpty();

        delete("web", false);
        await().atMost(SOON).until(() -> index.jobsUsing(REGISTRY, "team/moved").isEmpty());

        register("web", REGISTRY + "/team/web:${NOMAD_META_VERSION}");
        await().atMost(SOON).until(() -> index.jobsUsing(REGISTRY, "team/web").equals(List.of(web)));
        delete("web", true);
        await().atMost(SOON).until(() -> index.size() == 0);

        assertThat(index.source()).isEqualTo(LiveJobIndex.Source.STREAM);
        assertThat(count("GET", "/v1/job/")).isEqualTo(readsAtWarm);
    }

    @Test
    void aRestartListsOnceAndReadsOnlyTheJobsThatChangedMeanwhile() throws Exception {
        for (int i = 0; i < 20; i++) {
            register("job-" + i, REGISTRY + "/team/app-" + i + ":${NOMAD_META_VERSION}");
        }
        LiveJobIndex first = start(List.of());
        assertThat(first.size()).isEqualTo(20);
        first.close();
        open.remove(first);
        open.remove(open.size() - 1).close(); // the store, reopened by the second start
        nomad.editJob("default", "job-3", job -> JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                REGISTRY + "/team/moved:${NOMAD_META_VERSION}"));
        nomad.resetRecords();

        LiveJobIndex second = start(List.of());

        assertThat(count("GET", "/v1/jobs")).isEqualTo(1);
        assertThat(nomad.requests().stream().filter(r -> r.path().startsWith("/v1/job/")).map(r -> r.path()))
                .containsExactly("/v1/job/job-3");
        assertThat(second.jobsUsing(REGISTRY, "team/moved")).containsExactly(new JobKey("default", "job-3"));
        assertThat(second.jobsUsing(REGISTRY, "team/app-7")).containsExactly(new JobKey("default", "job-7"));
    }

    @Test
    void indexLagCountsTheRaftIndexesNomadAnsweredOurRegisterWithUntilTheStreamDeliversThem() {
        register("web", REGISTRY + "/team/web:${NOMAD_META_VERSION}");
        LiveJobIndex index = start(List.of());
        await().atMost(SOON).until(() -> index.lag().isPresent() && index.lag().getAsLong() == 0);

        // As after a register Nomad answered at an index the stream has not delivered yet.
        ObjectNode job = nomad.job("default", "web").orElseThrow();
        long answeredAt = nomad.index() + 3;
        index.learned(job, answeredAt);
        assertThat(index.lag()).hasValue(answeredAt - nomad.index());

        for (int i = 0; nomad.index() < answeredAt; i++) {
            register("other-" + i, REGISTRY + "/team/other:${NOMAD_META_VERSION}");
        }
        await().atMost(SOON).untilAsserted(() -> assertThat(index.lag()).hasValue(0));
    }

    @Test
    void aPushFromOneAliasMatchesImagesWrittenWithAnother() {
        register("web", "mirror.example/team/web:${NOMAD_META_VERSION}");
        LiveJobIndex index = start(List.of(REGISTRY, "mirror.example"));

        assertThat(index.jobsUsing(REGISTRY, "team/web")).containsExactly(new JobKey("default", "web"));
        assertThat(index.jobsUsing("other.example", "team/web")).isEmpty();
    }

    @Test
    void eventsLostWithNomadsBufferAreRecoveredByOneResync() {
        LiveJobIndex index = start(List.of());
        register("before", REGISTRY + "/team/before:${NOMAD_META_VERSION}");
        await().atMost(SOON).until(() -> index.jobsUsing(REGISTRY, "team/before").size() == 1);
        nomad.resetRecords();

        // The buffer goes and with it the frame the index last saw; a job registered now reaches no open stream.
        nomad.dropEventStreams(true);
        register("during", REGISTRY + "/team/during:${NOMAD_META_VERSION}");

        await().atMost(SOON).until(() -> index.jobsUsing(REGISTRY, "team/during").size() == 1);
        assertThat(count("GET", "/v1/jobs")).isEqualTo(1);
    }
}
