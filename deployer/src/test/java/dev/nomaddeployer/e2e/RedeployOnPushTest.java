package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.OciLayout;
import dev.nomaddeployer.testbed.registry.Platform;
import dev.nomaddeployer.testbed.registry.Skopeo;
import dev.nomaddeployer.testbed.registry.TestImageIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real registry push, the registry's own notification, and the jobs Nomad ends up with. */
@Timeout(120)
class RedeployOnPushTest {
    @TempDir
    Path dir;
    NomadSim nomad;
    DeployerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        nomad = NomadSim.builder().build().start();
        nomad.createNamespace("batch");
        fixture = DeployerFixture.start(dir, nomad, List.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        nomad.close();
    }

    private String meta(String namespace, String job, String level, String key) {
        ObjectNode stored = nomad.job(namespace, job).orElseThrow();
        ObjectNode holder = switch (level) {
            case "job" -> stored;
            case "group" -> JobFixtures.group(stored, 0);
            default -> JobFixtures.task(stored, 0, 0);
        };
        return holder.path("Meta").path(key).asText(null);
    }

    private List<Registration> registrationsOf(String job) {
        return nomad.registrations().stream().filter(r -> r.jobId().equals(job)).toList();
    }

    @Test
    void pushOfNewTagRedeploysJobsWithJobGroupAndTaskMetaInEveryNamespace() {
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));
        nomad.registerJob(fixture.jobRunning(JobFixtures.api(), "api", "team/app", "API_VERSION"));
        nomad.registerJob(fixture.jobRunning(JobFixtures.worker(), "worker", "team/app", "WORKER_VERSION"));
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "other", "team/other", "VERSION"));
        nomad.resetRecords();

        fixture.pusher.push("team/app", "1.7.0", ManifestFormat.DOCKER_SCHEMA2, "seed-1");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(meta("default", "web", "job", "VERSION")).isEqualTo("1.7.0");
            assertThat(meta("default", "api", "group", "API_VERSION")).isEqualTo("1.7.0");
            assertThat(meta("batch", "worker", "task", "WORKER_VERSION")).isEqualTo("1.7.0");
        });
        fixture.awaitIdle();
        assertThat(registrationsOf("other")).isEmpty();
        assertThat(meta("default", "other", "job", "VERSION")).isEqualTo("1.5.0");
        assertThat(nomad.registrations()).extracting(Registration::jobId)
                .containsExactlyInAnyOrder("web", "api", "worker");
    }

    @Test
    void pushOfOneImageChangesOnlyTheMetaKeyOfThatImageInAJobRunningSeveral() {
        ObjectNode job = fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION");
        JobFixtures.addTask(job, 0, "sidecar", fixture.registryHost() + "/team/sidecar:${NOMAD_META_SIDECAR_VERSION}");
        JobFixtures.meta(job).put("SIDECAR_VERSION", "0.1.0");
        nomad.registerJob(job);

        fixture.pusher.push("team/sidecar", "0.2.0", ManifestFormat.OCI, "sidecar");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(meta("default", "web", "job", "SIDECAR_VERSION")).isEqualTo("0.2.0"));
        assertThat(meta("default", "web", "job", "VERSION")).isEqualTo("1.5.0");
    }

    @Test
    void rePushOfTheTagAJobAlreadyRunsMakesNoNewJobVersion() {
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));
        fixture.pusher.push("team/app", "2.0.0", ManifestFormat.OCI, "a");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(meta("default", "web", "job", "VERSION")).isEqualTo("2.0.0"));
        fixture.awaitIdle();
        long version = nomad.job("default", "web").orElseThrow().path("Version").asLong();

        fixture.pusher.push("team/app", "2.0.0", ManifestFormat.OCI, "a");
        fixture.pusher.push("team/app", "2.0.0", ManifestFormat.OCI, "a different image, same tag");
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(fixture.app::idle);

        assertThat(nomad.job("default", "web").orElseThrow().path("Version").asLong()).isEqualTo(version);
        assertThat(registrationsOf("web")).hasSize(1);
    }

    @Test
    void operatorsEditBetweenOurReadAndWriteSurvivesAndTheTagStillLands() {
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));
        nomad.faults().onNextRegisterOf("default", "web", job -> job.put("Priority", 77));

        fixture.pusher.push("team/app", "3.0.0", ManifestFormat.DOCKER_SCHEMA2, "b");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(meta("default", "web", "job", "VERSION")).isEqualTo("3.0.0"));
        assertThat(nomad.job("default", "web").orElseThrow().path("Priority").asInt()).isEqualTo(77);
    }

    @Test
    void multiArchPushBySkopeoRedeploysEachJobOnce() throws Exception {
        ToolRequirement.assumeInstalled("skopeo");
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/multi", "VERSION"));
        nomad.resetRecords();
        OciLayout layout = OciLayout.write(dir.resolve("layout"), "2.0.0",
                TestImageIndex.of("multi", Platform.LINUX_AMD64, Platform.LINUX_ARM64));
        new Skopeo().copyAll(layout, fixture.registryHost(), "team/multi", "2.0.0");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(meta("default", "web", "job", "VERSION")).isEqualTo("2.0.0"));
        fixture.awaitIdle();
        assertThat(registrationsOf("web")).hasSize(1);
    }

    @Test
    void jobWhoseMetaKeyIsMissingIsReportedWhileOtherJobsAreStillRedeployed() {
        ObjectNode broken = fixture.jobRunning(JobFixtures.web(), "broken", "team/app", "NOT_DEFINED");
        nomad.registerJob(broken);
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));

        fixture.pusher.push("team/app", "4.0.0", ManifestFormat.OCI, "c");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(meta("default", "web", "job", "VERSION")).isEqualTo("4.0.0"));
        fixture.awaitIdle();
        assertThat(registrationsOf("broken")).isEmpty();
    }
}
