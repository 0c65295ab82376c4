package dev.nomaddeployer.deploy;

import static dev.nomaddeployer.discovery.JobFixtures.addGroup;
import static dev.nomaddeployer.discovery.JobFixtures.addTask;
import static dev.nomaddeployer.discovery.JobFixtures.group;
import static dev.nomaddeployer.discovery.JobFixtures.meta;
import static dev.nomaddeployer.discovery.JobFixtures.setImage;
import static dev.nomaddeployer.discovery.JobFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.JobUsages;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.image.RegistryHosts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String REGISTRY = "registry.example:5000";

    private final Planner planner = new Planner(new RegistryHosts(List.of(REGISTRY, "127.0.0.1:5055")));

    @Test
    void pushOfNewTagRedeploysJobWithJobMeta() {
        Plan.Update update = update(planner.plan(JobFixtures.web(), push("team/web", "1.6.0")));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.JOB, null, null, "VERSION", "1.5.0", "1.6.0"));
        ObjectNode expected = JobFixtures.web();
        meta(expected).put("VERSION", "1.6.0");
        assertSameJson(update.job(), expected);
    }

    @Test
    void pushOfNewTagRedeploysJobWithGroupMeta() {
        Plan.Update update = update(planner.plan(JobFixtures.api(), push("team/api", "3.3.0")));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.GROUP, "api", null, "API_VERSION", "3.2.0", "3.3.0"));
        ObjectNode expected = JobFixtures.api();
        meta(group(expected, 0)).put("API_VERSION", "3.3.0");
        assertSameJson(update.job(), expected);
    }

    @Test
    void pushOfNewTagRedeploysJobWithTaskMetaLeavingOtherKeysAlone() {
        Plan.Update update = update(planner.plan(JobFixtures.worker(), push("team/worker", "2.4.0")));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.TASK, "worker", "worker", "WORKER_VERSION", "2.3.0", "2.4.0"));
        ObjectNode expected = JobFixtures.worker();
        meta(task(expected, 0, 0)).put("WORKER_VERSION", "2.4.0");
        assertSameJson(update.job(), expected);
    }

    @Test
    void fetchedJobIsNeverModified() {
        ObjectNode job = JobFixtures.web();

        planner.plan(job, push("team/web", "1.6.0"));

        assertSameJson(job, JobFixtures.web());
    }

    @Test
    void versionTagOfTheFetchedVersionIsNotCarriedOntoTheNewOne() {
        ObjectNode job = JobFixtures.web();
        job.putObject("VersionTag").put("Name", "golden").put("Description", "approved").put("TaggedTime", 1L);

        Plan.Update update = update(planner.plan(job, push("team/web", "1.6.0")));

        assertThat(update.job().get("VersionTag").isNull()).isTrue();
        assertThat(update.job().get("VersionTag")).isNotNull();
    }

    @Test
    void metaValueIsWrittenAsAJsonString() {
        Plan.Update update = update(planner.plan(JobFixtures.web(), push("team/web", "20260101")));

        assertThat(update.job().get("Meta").get("VERSION").isTextual()).isTrue();
    }

    @Test
    void pushOfTheTagTheJobAlreadyRunsIsAlreadyCurrent() {
        Plan plan = planner.plan(JobFixtures.web(), push("team/web", "1.5.0"));

        assertThat(plan).isEqualTo(new Plan.AlreadyCurrent(
                "job default/web already runs team/web:1.5.0 (VERSION=1.5.0 at job)"));
    }

    @Test
    void jobThatDoesNotUseThePushedRepositoryIsSkipped() {
        assertThat(planner.plan(JobFixtures.web(), push("team/app", "1.0.0")))
                .isEqualTo(new Plan.Skip("job default/web does not use team/app on registry " + REGISTRY));
    }

    @Test
    void sameRepositoryOnAnotherRegistryIsSkipped() {
        PushEvent elsewhere = new PushEvent("e1", Instant.EPOCH, "other.example:5000", "team/web", "1.6.0",
                null, null, null);

        assertThat(planner.plan(JobFixtures.web(), elsewhere)).isInstanceOf(Plan.Skip.class);
    }

    @Test
    void pushThroughAnAliasOfTheRegistryRedeploys() {
        PushEvent viaLoopback = new PushEvent("e1", Instant.EPOCH, "127.0.0.1:5055", "team/web", "1.6.0",
                null, null, null);

        assertThat(planner.plan(JobFixtures.web(), viaLoopback)).isInstanceOf(Plan.Update.class);
    }

    @Test
    void tagOfAnotherShapeThanTheTemplateIsSkipped() {
        ObjectNode job = JobFixtures.web();
        setImage(task(job, 0, 0), REGISTRY + "/team/web:v${NOMAD_META_VERSION}-alpine");

        assertThat(planner.plan(job, push("team/web", "1.2"))).isEqualTo(new Plan.Skip(
                "tag 1.2 does not match template v${NOMAD_META_VERSION}-alpine used by task web/web"));
    }

    @Test
    void templateWithFixedTextAroundTheVariableStoresOnlyTheVariablePart() {
        ObjectNode job = JobFixtures.web();
        setImage(task(job, 0, 0), REGISTRY + "/team/web:v${NOMAD_META_VERSION}-alpine");

        Plan.Update update = update(planner.plan(job, push("team/web", "v1.6.0-alpine")));

        assertThat(update.changes()).extracting(MetaChange::newValue).containsExactly("1.6.0");
    }

    @Test
    void keyDefinedNowhereIsSkippedWithTheTaskNamed() {
        ObjectNode job = JobFixtures.web();
        job.putNull("Meta");

        assertThat(planner.plan(job, push("team/web", "1.6.0"))).isEqualTo(new Plan.Skip(
                "meta key VERSION used by task web/web is not defined at job, group or task level"));
    }

    @Test
    void tasksSharingOneJobLevelKeyGetOneChange() {
        ObjectNode job = JobFixtures.web();
        addTask(job, 0, "migrate", REGISTRY + "/team/web:${NOMAD_META_VERSION}");
        addGroup(job, "admin");

        Plan.Update update = update(planner.plan(job, push("team/web", "1.6.0")));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.JOB, null, null, "VERSION", "1.5.0", "1.6.0"));
    }

    @Test
    void everyKeyOfEveryImageOfThePushedRepositoryIsSet() {
        ObjectNode job = JobFixtures.web();
        meta(job).put("WORKER_VERSION", "1.0.0");
        addTask(job, 0, "worker", REGISTRY + "/team/web:${NOMAD_META_WORKER_VERSION}");
        meta(addTask(job, 0, "debug", REGISTRY + "/team/web:${NOMAD_META_VERSION}-debug")).put("VERSION", "1.5.0");
        addTask(job, 0, "proxy", REGISTRY + "/team/proxy:${NOMAD_META_PROXY}");

        Plan.Update update = update(planner.plan(job, push("team/web", "1.6.0")));

        assertThat(update.changes()).containsExactlyInAnyOrder(
                new MetaChange(MetaLevel.JOB, null, null, "VERSION", "1.5.0", "1.6.0"),
                new MetaChange(MetaLevel.JOB, null, null, "WORKER_VERSION", "1.0.0", "1.6.0"));
        assertThat(update.skipped()).containsExactly(
                "tag 1.6.0 does not match template ${NOMAD_META_VERSION}-debug used by task web/debug");
    }

    @Test
    void usageThatCannotBeUpdatedDoesNotHoldBackTheOthers() {
        ObjectNode job = JobFixtures.web();
        addTask(job, 0, "canary", REGISTRY + "/team/web:${NOMAD_META_CANARY_VERSION}");

        Plan.Update update = update(planner.plan(job, push("team/web", "1.6.0")));

        assertThat(update.changes()).extracting(MetaChange::key).containsExactly("VERSION");
        assertThat(update.skipped()).containsExactly(
                "meta key CANARY_VERSION used by task web/canary is not defined at job, group or task level");
    }

    @Test
    void oneKeyNeedingTwoValuesIsLeftAloneAndSaysWhy() {
        ObjectNode job = JobFixtures.web();
        addTask(job, 0, "prefixed", REGISTRY + "/team/web:v${NOMAD_META_VERSION}");

        Plan plan = planner.plan(job, push("team/web", "v1.6.0"));

        assertThat(plan).isInstanceOfSatisfying(Plan.Skip.class, skip -> assertThat(skip.reason())
                .isEqualTo("meta key VERSION at job would need [v1.6.0, 1.6.0] for tasks [web/web, web/prefixed]"));
    }

    @Test
    void alreadyCurrentMentionsUsagesThatWereSkipped() {
        ObjectNode job = JobFixtures.web();
        addTask(job, 0, "canary", REGISTRY + "/team/web:${NOMAD_META_CANARY_VERSION}");

        Plan plan = planner.plan(job, push("team/web", "1.5.0"));

        assertThat(plan).isInstanceOfSatisfying(Plan.AlreadyCurrent.class, current -> assertThat(current.detail())
                .endsWith("skipped: meta key CANARY_VERSION used by task web/canary is not defined at job, group or task level"));
    }

    @Test
    void lowerCaseKeyResolvedThroughUpperCaseVariableIsSetAsWritten() {
        ObjectNode job = JobFixtures.web();
        meta(job).removeAll().put("version", "1.5.0");

        Plan.Update update = update(planner.plan(job, push("team/web", "1.6.0")));

        assertThat(update.changes()).extracting(MetaChange::key).containsExactly("version");
        assertThat(update.job().get("Meta").fieldNames()).toIterable().containsExactly("version");
    }

    @Test
    void explicitMappingSetsTheKeyWhereItIsDefined() {
        Plan.Update update = update(planner.planExplicit(JobFixtures.api(), push("team/api", "3.3.0"), "API_VERSION"));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.GROUP, "api", null, "API_VERSION", "3.2.0", "3.3.0"));
        assertThat(update.job().get("VersionTag").isNull()).isTrue();
    }

    @Test
    void explicitMappingPrefersTaskOverGroupOverJob() {
        ObjectNode job = JobFixtures.web();
        meta(task(job, 0, 0)).put("VERSION", "1.5.0-task");

        Plan.Update update = update(planner.planExplicit(job, push("team/web", "1.6.0"), "VERSION"));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.TASK, "web", "web", "VERSION", "1.5.0-task", "1.6.0"));
        assertThat(update.job().get("Meta").get("VERSION").textValue()).isEqualTo("1.5.0");
    }

    @Test
    void explicitMappingWorksForAJobWhoseImageDoesNotNameTheKey() {
        ObjectNode job = JobFixtures.worker();

        Plan.Update update = update(planner.planExplicit(job, push("team/queue", "emails-v2"), "QUEUE"));

        assertThat(update.changes()).containsExactly(
                new MetaChange(MetaLevel.TASK, "worker", "worker", "QUEUE", "emails", "emails-v2"));
    }

    @Test
    void explicitMappingUsesTheVariablePartWhenTheImageTemplatesTheKey() {
        ObjectNode job = JobFixtures.web();
        setImage(task(job, 0, 0), REGISTRY + "/team/web:v${NOMAD_META_VERSION}-alpine");

        Plan.Update update = update(planner.planExplicit(job, push("team/web", "v1.6.0-alpine"), "VERSION"));

        assertThat(update.changes()).extracting(MetaChange::newValue).containsExactly("1.6.0");
    }

    @Test
    void explicitMappingSkipsATagOfAnotherShapeThanTheTemplate() {
        ObjectNode job = JobFixtures.web();
        setImage(task(job, 0, 0), REGISTRY + "/team/web:v${NOMAD_META_VERSION}-alpine");

        assertThat(planner.planExplicit(job, push("team/web", "1.6.0"), "VERSION")).isEqualTo(new Plan.Skip(
                "tag 1.6.0 does not match template v${NOMAD_META_VERSION}-alpine used by task web/web"));
    }

    @Test
    void explicitMappingToAnUndefinedKeyIsSkipped() {
        assertThat(planner.planExplicit(JobFixtures.web(), push("team/web", "1.6.0"), "IMAGE_TAG"))
                .isEqualTo(new Plan.Skip("meta key IMAGE_TAG is not defined at job, group or task level of job default/web"));
    }

    @Test
    void explicitMappingToTheCurrentValueIsAlreadyCurrent() {
        assertThat(planner.planExplicit(JobFixtures.worker(), push("team/worker", "2.3.0"), "WORKER_VERSION"))
                .isEqualTo(new Plan.AlreadyCurrent(
                        "job batch/worker already runs team/worker:2.3.0 (WORKER_VERSION=2.3.0 at task worker/worker)"));
    }

    @Test
    void jobOnAVersionIsNotMovedToATagThatIsNotOneAndSaysWhy() {
        Plan plan = planner.plan(JobFixtures.web(), push("team/web", "latest"));

        assertThat(plan).isInstanceOfSatisfying(Plan.Skip.class, skip -> assertThat(skip.reason())
                .contains("meta key VERSION at job not changed: latest is not a version")
                .contains("holds the version 1.5.0"));
    }

    @Test
    void refusalIsKnownFromTheIndexedUsagesBeforeTheJobIsRead() {
        List<JobUsage> usages = JobUsages.of(JobFixtures.web());

        assertThat(planner.admit(usages, push("team/web", "sha-3f2a1c"))).isInstanceOfSatisfying(
                Planner.Admission.Refused.class, refused -> assertThat(refused.reason()).contains("VERSION")
                        .contains("sha-3f2a1c is not a version"));
        assertThat(planner.admit(usages, push("team/web", "1.6.0"))).isInstanceOf(Planner.Admission.Admitted.class);
        assertThat(planner.admit(usages, push("team/other", "latest"))).as("another repository")
                .isInstanceOf(Planner.Admission.Admitted.class);
    }

    @Test
    void aKeysOwnPolicyWinsOverTheJobsGeneralOneAndTheHistorySaysWhichAllowedTheChange() {
        ObjectNode job = JobFixtures.api();
        job.putObject("Meta").put("nomad-deployer.policy", "semver:~3.2.0");
        ((ObjectNode) job.get("TaskGroups").get(0)).with("Meta").put("nomad-deployer.policy.API_VERSION", "semver:^3");

        Plan plan = planner.plan(job, push("team/api", "3.3.0"));

        assertThat(plan).isInstanceOfSatisfying(Plan.Update.class, update -> {
            assertThat(update.changes()).extracting(MetaChange::newValue).containsExactly("3.3.0");
            assertThat(update.allowedBy()).containsEntry("API_VERSION", "semver:^3");
        });
    }

    @Test
    void aGeneralPolicyGovernsAKeyWithoutOneOfItsOwn() {
        ObjectNode job = JobFixtures.api();
        job.putObject("Meta").put("nomad-deployer.policy", "semver:~3.2.0");

        Plan plan = planner.plan(job, push("team/api", "3.3.0"));

        assertThat(plan).isInstanceOfSatisfying(Plan.Skip.class, skip -> assertThat(skip.reason())
                .contains("meta key API_VERSION").contains("outside the range of policy semver:~3.2.0"));
    }

    @Test
    void anInvalidPolicyIsRefusedAlreadyFromTheIndexedCopySoItNeverTakesASlot() {
        ObjectNode job = JobFixtures.web();
        job.with("Meta").put("nomad-deployer.policy", "regex:[");

        assertThat(planner.admit(JobUsages.of(job), push("team/web", "1.6.0"))).isInstanceOfSatisfying(
                Planner.Admission.Refused.class, refused -> assertThat(refused.reason())
                        .contains("invalid nomad-deployer.policy \"regex:[\""));
    }

    @Test
    void aVersionPolicyHandsTheQueueARankingAndTheDefaultDoesNot() {
        ObjectNode job = JobFixtures.web();
        job.with("Meta").put("nomad-deployer.policy", "semver:^1");

        assertThat(planner.admit(JobUsages.of(job), push("team/web", "1.6.0"))).isInstanceOfSatisfying(
                Planner.Admission.Admitted.class, admitted -> assertThat(admitted.ranking().compare("1.7.0", "1.6.9"))
                        .isPositive());
        assertThat(planner.admit(JobUsages.of(JobFixtures.web()), push("team/web", "1.6.0"))).isInstanceOfSatisfying(
                Planner.Admission.Admitted.class, admitted -> assertThat(admitted.ranking()).isNull());
    }

    private static PushEvent push(String repository, String tag) {
        return new PushEvent("evt-1", Instant.parse("2026-11-25T00:27:06Z"), REGISTRY, repository, tag,
                "sha256:2eeae04b8aba3539bcf7c548b7b879cd484e4add6b9bb79603e8de67237316e9",
                "application/vnd.oci.image.manifest.v1+json", null);
    }

    private static Plan.Update update(Plan plan) {
        assertThat(plan).isInstanceOf(Plan.Update.class);
        return (Plan.Update) plan;
    }

    /** Same tree and same key order: nothing but the expected edits may differ. */
    private static void assertSameJson(ObjectNode actual, ObjectNode expected) {
        assertThat(actual.toPrettyString()).isEqualTo(expected.toPrettyString());
    }
}
