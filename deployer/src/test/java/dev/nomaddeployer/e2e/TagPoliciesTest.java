package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Jobs that run the same image follow the tags their owners allow, written in job meta next to the key: production
 * on the releases of major 1, a preview job on pull-request builds. Without a policy, CI's several tags per build
 * still make one rollout per release: a job on a version follows versions only, a job on a moving tag is not moved
 * by versions. Real registry, real pushes, the simulator.
 */
@Timeout(180)
class TagPoliciesTest {
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

    private ObjectNode job(String id, String version, String policy) {
        ObjectNode job = fixture.jobRunning(JobFixtures.web(), id, "team/app", "VERSION");
        job.with("Meta").put("VERSION", version);
        if (policy != null) {
            job.with("Meta").put("nomad-deployer.policy", policy);
        }
        return job;
    }

    private String version(String job) {
        return nomad.job("default", job).orElseThrow().path("Meta").path("VERSION").asText();
    }

    private List<Registration> registrationsOf(String job) {
        return nomad.registrations().stream().filter(r -> r.jobId().equals(job)).toList();
    }

    private List<JsonNode> history(String job) {
        return new HistoryApi(fixture.app.address().getPort()).forJob(job);
    }

    private JsonNode decisionFor(String job, String tag) {
        return history(job).stream().filter(e -> e.path("tag").asText().equals(tag)).findFirst().orElseThrow();
    }

    private void push(String tag) {
        fixture.pusher.push("team/app", tag, ManifestFormat.OCI, "build-" + tag);
    }

    @Test
    void productionOnSemverMajorOneTakesOnlyItsReleasesAndNeverGoesBackWhilePreviewFollowsPullRequests() {
        nomad.registerJob(job("prod", "1.6.0", "semver:^1"));
        nomad.registerJob(job("preview", "pr-100", "regex:^pr-[0-9]+$"));
        nomad.resetRecords();

        push("2.0.0");
        push("1.7.0-rc.1");
        push("pr-481");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(version("preview")).isEqualTo("pr-481"));
        push("1.7.0");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(version("prod")).isEqualTo("1.7.0"));
        push("1.6.9");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history("prod")).hasSize(5));
        fixture.awaitIdle();

        assertThat(version("prod")).isEqualTo("1.7.0");
        assertThat(registrationsOf("prod")).hasSize(1);
        assertThat(decisionFor("prod", "2.0.0").path("message").asText()).contains("outside the range of policy semver:^1");
        assertThat(decisionFor("prod", "1.7.0-rc.1").path("message").asText()).contains("pre-release");
        assertThat(decisionFor("prod", "pr-481").path("message").asText()).contains("pr-481 is not a semantic version");
        assertThat(decisionFor("prod", "1.7.0").path("status").asText()).isEqualTo("registered");
        assertThat(decisionFor("prod", "1.7.0").path("message").asText()).contains("allowed by policy semver:^1");
        assertThat(decisionFor("prod", "1.6.9").path("status").asText()).isEqualTo("skipped");
        assertThat(decisionFor("prod", "1.6.9").path("message").asText())
                .contains("1.6.9 is older than the running version 1.7.0");

        assertThat(version("preview")).isEqualTo("pr-481");
        assertThat(registrationsOf("preview")).hasSize(1);
        assertThat(history("preview")).filteredOn(e -> !e.path("tag").asText().equals("pr-481"))
                .allSatisfy(e -> {
                    assertThat(e.path("status").asText()).isEqualTo("skipped");
                    assertThat(e.path("message").asText()).contains("does not match policy regex:^pr-[0-9]+$");
                });
    }

    @Test
    void aPolicyThatDoesNotParseIsReportedForThatJobAndTheJobIsLeftAlone() {
        nomad.registerJob(job("broken", "1.6.0", "semver:latest"));
        nomad.registerJob(job("fine", "1.6.0", null));
        nomad.resetRecords();

        push("1.7.0");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(version("fine")).isEqualTo("1.7.0"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history("broken")).hasSize(1));
        fixture.awaitIdle();

        assertThat(version("broken")).isEqualTo("1.6.0");
        assertThat(registrationsOf("broken")).isEmpty();
        JsonNode decision = decisionFor("broken", "1.7.0");
        assertThat(decision.path("status").asText()).isEqualTo("skipped");
        assertThat(decision.path("message").asText()).contains("invalid nomad-deployer.policy \"semver:latest\"")
                .contains("npm-style range").contains("left alone");
    }

    @Test
    void theDefaultStillKeepsAJobOnAVersionAwayFromMovingTagsAndAllOptsOut() {
        nomad.registerJob(job("default-rule", "1.6.0", null));
        nomad.registerJob(job("everything", "1.6.0", "all"));
        nomad.resetRecords();

        push("latest");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(version("everything")).isEqualTo("latest"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(history("default-rule")).hasSize(1));
        fixture.awaitIdle();

        assertThat(version("default-rule")).isEqualTo("1.6.0");
        assertThat(decisionFor("default-rule", "latest").path("message").asText())
                .contains("a job on a version follows versions only");
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
