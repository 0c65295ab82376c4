package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI pipelines push several tags per build. By default a job on a version follows versions only, and a job
 * on a moving tag is not moved by versions: one rollout per release, never a job stuck on a stale latest.
 */
@Timeout(120)
class CommonCiTaggingTest {
    @TempDir
    Path dir;
    NomadSim nomad;
    DeployerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        nomad = NomadSim.builder().build().start();
        fixture = DeployerFixture.start(dir, nomad, List.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        nomad.close();
    }

    private String version(String job) {
        return nomad.job("default", job).orElseThrow().path("Meta").path("VERSION").asText();
    }

    private List<Registration> registrationsOf(String job) {
        return nomad.registrations().stream().filter(r -> r.jobId().equals(job)).toList();
    }

    @Test
    void releasePushedAsVersionAndLatestMovesAJobOnAVersionOnceToTheVersion() {
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));
        nomad.resetRecords();

        String digest = fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "release-1.6.0");
        fixture.pusher.tag("team/app", digest, "latest");
        fixture.pusher.tag("team/app", digest, "sha-3f2a1c");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(version("web")).isEqualTo("1.6.0"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(new HistoryApi(fixture.app.address().getPort()).forJob("web")).hasSize(3));
        fixture.awaitIdle();
        assertThat(version("web")).isEqualTo("1.6.0");
        assertThat(registrationsOf("web")).hasSize(1);
        List<JsonNode> history = new HistoryApi(fixture.app.address().getPort()).forJob("web");
        assertThat(history).filteredOn(e -> e.path("tag").asText().equals("latest")).singleElement()
                .satisfies(e -> {
                    assertThat(e.path("status").asText()).isEqualTo("skipped");
                    assertThat(e.path("message").asText()).contains("latest is not a version")
                            .contains("meta key VERSION").contains("holds the version");
                });
        assertThat(history).filteredOn(e -> e.path("tag").asText().equals("sha-3f2a1c"))
                .extracting(e -> e.path("status").asText()).containsExactly("skipped");
    }

    @Test
    void jobOnAMovingTagIsNotMovedByAVersionButFollowsAnotherMovingTag() {
        var job = fixture.jobRunning(JobFixtures.web(), "edge", "team/app", "VERSION");
        job.with("Meta").put("VERSION", "latest");
        nomad.registerJob(job);
        nomad.resetRecords();

        String digest = fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "release-1.6.0");
        fixture.pusher.tag("team/app", digest, "main");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(version("edge")).isEqualTo("main"));
        fixture.awaitIdle();
        assertThat(registrationsOf("edge")).hasSize(1);
        assertThat(new HistoryApi(fixture.app.address().getPort()).forJob("edge"))
                .filteredOn(e -> e.path("tag").asText().equals("1.6.0")).singleElement()
                .satisfies(e -> {
                    assertThat(e.path("status").asText()).isEqualTo("skipped");
                    assertThat(e.path("message").asText()).contains("1.6.0 is a version")
                            .contains("a job on a moving tag is not moved by versions");
                });
    }
}
