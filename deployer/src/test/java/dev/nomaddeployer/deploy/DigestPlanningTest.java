package dev.nomaddeployer.deploy;

import static dev.nomaddeployer.discovery.JobFixtures.addTask;
import static dev.nomaddeployer.discovery.JobFixtures.meta;
import static dev.nomaddeployer.discovery.JobFixtures.setImage;
import static dev.nomaddeployer.discovery.JobFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.JobUsages;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.image.RegistryHosts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job on a moving tag that follows the tag's digest: {@code team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}}. */
class DigestPlanningTest {
    private static final String REGISTRY = "registry.example:5000";
    private static final String FIRST = "sha256:" + "1".repeat(64);
    private static final String SECOND = "sha256:" + "2".repeat(64);

    private final Planner planner = new Planner(new RegistryHosts(List.of(REGISTRY)));

    @Test
    void aNewDigestUnderTheSameTagChangesOnlyTheDigestKeyAndAsksForConfirmation() {
        Plan plan = planner.plan(onLatest(FIRST), push("latest", SECOND));

        Plan.Update update = (Plan.Update) plan;
        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.JOB, null, null, "TAG_DIGEST", FIRST, SECOND));
        assertThat(update.pinsDigest()).isTrue();
        ObjectNode expected = onLatest(SECOND);
        expected.putNull("VersionTag");
        assertThat(update.job()).isEqualTo(expected);
        assertThat(imageRun(update.job())).isEqualTo(REGISTRY + "/team/web:latest@" + SECOND);
    }

    @Test
    void theSameDigestUnderTheSameTagIsAlreadyCurrent() {
        Plan plan = planner.plan(onLatest(FIRST), push("latest", FIRST));

        assertThat(plan).isInstanceOf(Plan.AlreadyCurrent.class);
        assertThat(((Plan.AlreadyCurrent) plan).detail()).contains("TAG=latest at job", "TAG_DIGEST=" + FIRST + " at job");
    }

    @Test
    void aNewTagSetsTheTagAndTheDigest() {
        ObjectNode job = onLatest(FIRST);
        meta(job).put("TAG", "main");

        Plan.Update update = (Plan.Update) planner.plan(job, push("stable", SECOND));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.JOB, null, null, "TAG", "main", "stable"),
                new MetaChange(MetaLevel.JOB, null, null, "TAG_DIGEST", FIRST, SECOND));
        assertThat(update.pinsDigest()).isTrue();
        assertThat(imageRun(update.job())).isEqualTo(REGISTRY + "/team/web:stable@" + SECOND);
    }

    @Test
    void aPushWithoutDigestLeavesTheJobAloneAndSaysWhy() {
        Plan plan = planner.plan(onLatest(FIRST), push("latest", null));

        assertThat(plan).isEqualTo(new Plan.Skip("the push of team/web:latest names no digest, and task web/web"
                + " follows the digest of its tag (meta key TAG_DIGEST): not changed"));
    }

    @Test
    void aPushWithoutDigestIsRefusedAlreadyFromTheIndexedCopySoItNeverTakesTheSlotOfOneWithADigest() {
        List<JobUsage> usages = JobUsages.of(onLatest(FIRST));

        assertThat(planner.admit(usages, push("latest", null))).isInstanceOfSatisfying(Planner.Admission.Refused.class,
                refused -> assertThat(refused.reason()).contains("names no digest"));
        assertThat(planner.admit(usages, push("latest", SECOND))).isInstanceOf(Planner.Admission.Admitted.class);
    }

    @Test
    void aPushedDigestOutsideTheDigestGrammarIsNeverWritten() {
        Plan plan = planner.plan(onLatest(FIRST), push("latest", "sha256:not-hex"));

        assertThat(plan).isInstanceOf(Plan.Skip.class);
        assertThat(((Plan.Skip) plan).reason()).contains("\"sha256:not-hex\"", "not algorithm:hex");
    }

    @Test
    void aDigestKeyDefinedNowhereIsReported() {
        ObjectNode job = onLatest(FIRST);
        meta(job).remove("TAG_DIGEST");

        Plan plan = planner.plan(job, push("latest", SECOND));

        assertThat(plan).isEqualTo(new Plan.Skip("meta key TAG_DIGEST (the digest of the image of task web/web)"
                + " is not defined at job, group or task level"));
    }

    @Test
    void aDigestMovesOnlyWithItsTagSoARefusedTagLeavesTheDigestAlone() {
        ObjectNode job = onLatest(FIRST);
        meta(job).put("TAG", "1.5.0"); // a version follows versions only, whatever the digest

        Plan plan = planner.plan(job, push("latest", SECOND));

        assertThat(plan).isInstanceOf(Plan.Skip.class);
        assertThat(((Plan.Skip) plan).reason()).startsWith("meta key TAG at job not changed: ");
    }

    @Test
    void aJobFollowingTheTagAloneIsPlannedAsBeforeWithoutConfirmation() {
        Plan.Update update = (Plan.Update) planner.plan(JobFixtures.web(), push("1.6.0", SECOND));

        assertThat(update.changes()).extracting(MetaChange::key).containsExactly("VERSION");
        assertThat(update.pinsDigest()).isFalse();
    }

    @Test
    void aTaskFollowingTheDigestBesideOneFollowingTheTagMovesBothWithOneDigestKey() {
        ObjectNode job = onLatest(FIRST);
        addTask(job, 0, "plain", REGISTRY + "/team/web:${NOMAD_META_TAG}");

        Plan.Update update = (Plan.Update) planner.plan(job, push("latest", SECOND));

        assertThat(update.changes()).extracting(MetaChange::key).containsExactly("TAG_DIGEST");
        assertThat(update.pinsDigest()).isTrue();
    }

    @Test
    void theIndexKeepsWhereTheDigestKeyIsAndWhatItHolds() {
        List<JobUsage> usages = JobUsages.of(onLatest(FIRST));

        assertThat(usages).singleElement().satisfies(usage -> {
            assertThat(usage.metaKey()).isEqualTo("TAG");
            assertThat(usage.digest()).isEqualTo(new JobUsage.DigestKey("TAG_DIGEST", MetaLevel.JOB, FIRST));
        });
    }

    /** The fixture job web, its task on {@code team/web:latest@<digest>} through job meta TAG and TAG_DIGEST. */
    private static ObjectNode onLatest(String digest) {
        ObjectNode job = JobFixtures.web();
        meta(job).remove("VERSION");
        meta(job).put("TAG", "latest").put("TAG_DIGEST", digest);
        setImage(task(job, 0, 0), REGISTRY + "/team/web:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}");
        return job;
    }

    private static String imageRun(ObjectNode job) {
        return JobUsages.of(job).get(0).template().render(meta(job).path("TAG").asText(),
                meta(job).path("TAG_DIGEST").asText());
    }

    private static PushEvent push(String tag, String digest) {
        return new PushEvent("evt-1", Instant.parse("2026-11-25T00:27:06Z"), REGISTRY, "team/web", tag, digest,
                "application/vnd.oci.image.manifest.v1+json", null);
    }
}
