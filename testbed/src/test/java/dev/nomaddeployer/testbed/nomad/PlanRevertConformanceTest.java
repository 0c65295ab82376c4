package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#job-plan to #job-revert: `/plan` and `/revert` over raw HTTP (Nomad 1.10). */
class PlanRevertConformanceTest extends SimTestBase {

    private SimHttp.Response plan(ObjectNode job, boolean diff) {
        ObjectNode request = SimHttp.MAPPER.createObjectNode().put("Diff", diff);
        request.set("Job", job);
        return http.send("PUT", "/v1/job/" + job.get("ID").asText() + "/plan", request.toString());
    }

    private SimHttp.Response revert(String id, long version, Long prior) {
        String body = "{\"JobID\":\"" + id + "\",\"JobVersion\":" + version
                + (prior == null ? "" : ",\"EnforcePriorVersion\":" + prior) + "}";
        return http.send("PUT", "/v1/job/" + id + "/revert", body);
    }

    /** Versions 0 and 1 of job `web`, with `Meta.VERSION` 1 and 2, both settled. */
    private void registerTwoVersions() {
        register(minimalJob("web", "1"));
        idle();
        register(minimalJob("web", "2"));
        idle();
    }

    @Test
    @DisplayName("plan-response: a new job's plan shows it added and places its allocation, and writes nothing")
    void planOfANewJobShowsItAddedAndPlacesEveryAllocationWithoutCreatingIt() {
        long before = sim.index();
        SimHttp.Response r = plan(minimalJob("web", "1"), true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Nomad-Index")).isEqualTo("0");
        JsonNode answer = r.json();
        assertThat(Fixtures.fieldNames(answer)).containsExactly("Annotations", "FailedTGAllocs", "JobModifyIndex",
                "CreatedEvals", "Diff", "NextPeriodicLaunch", "Warnings", "Index");
        assertThat(answer.at("/Annotations/DesiredTGUpdates/web/Place").asLong()).isEqualTo(1);
        assertThat(answer.at("/Diff/Type").asText()).isEqualTo("Added");
        assertThat(answer.at("/Diff/TaskGroups/0/Type").asText()).isEqualTo("Added");
        assertThat(answer.at("/Diff/TaskGroups/0/Updates").toString()).isEqualTo("{\"create\":1}");
        assertThat(answer.at("/Diff/TaskGroups/0/Tasks/0/Annotations").toString()).isEqualTo("[\"forces create\"]");
        assertThat(answer.at("/NextPeriodicLaunch").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(sim.index()).isEqualTo(before);
        assertThat(http.get("/v1/job/web").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("plan-annotations: the plan of the unchanged job ignores its allocations")
    void planOfTheUnchangedJobIgnoresItsAllocations() {
        register(minimalJob("web", "1"));
        idle();
        JsonNode answer = plan(minimalJob("web", "1"), true).json();
        assertThat(answer.at("/Diff/Type").asText()).isEqualTo("None");
        assertThat(answer.at("/Diff/Fields").isNull()).isTrue();
        assertThat(answer.at("/Diff/TaskGroups/0/Updates").toString()).isEqualTo("{\"ignore\":1}");
        assertThat(answer.at("/Diff/TaskGroups/0/Tasks/0/Annotations").isNull()).isTrue();
        assertThat(answer.get("JobModifyIndex").asLong())
                .isEqualTo(sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong());
    }

    @Test
    @DisplayName("plan-annotations: a count increase forces create, places the missing allocations, updates the rest in place")
    void planOfACountIncreaseAnnotatesTheCountCreatesTheMissingAllocationsAndUpdatesTheRestInPlace() {
        register(minimalJob("web", "1"));
        idle();
        ObjectNode bigger = minimalJob("web", "1");
        ((ObjectNode) bigger.at("/TaskGroups/0")).put("Count", 3);
        JsonNode group = plan(bigger, true).json().at("/Diff/TaskGroups/0");
        assertThat(group.get("Type").asText()).isEqualTo("Edited");
        assertThat(group.get("Fields").toString()).isEqualTo("[{\"Type\":\"Edited\",\"Name\":\"Count\",\"Old\":\"1\","
                + "\"New\":\"3\",\"Annotations\":[\"forces create\"]}]");
        // the spec changed, so the running allocation's job is older, and nothing in its tasks changed
        assertThat(group.get("Updates").toString()).isEqualTo("{\"create\":2,\"in-place update\":1}");
    }

    @Test
    @DisplayName("plan-diff: an image change shows the Config field and replaces max_parallel allocations at a time")
    void planOfAnImageChangeShowsTheConfigFieldAndLimitsReplacementsToMaxParallel() {
        ObjectNode job = minimalJob("web", "1");
        ((ObjectNode) job.at("/TaskGroups/0")).put("Count", 3);
        register(job);
        idle();
        ObjectNode changed = job.deepCopy();
        ((ObjectNode) changed.at("/TaskGroups/0/Tasks/0/Config")).put("image", "registry:5000/team/web:fixed");
        JsonNode group = plan(changed, true).json().at("/Diff/TaskGroups/0");
        JsonNode config = group.at("/Tasks/0/Objects/0");
        assertThat(config.get("Name").asText()).isEqualTo("Config");
        assertThat(config.get("Type").asText()).isEqualTo("Edited");
        assertThat(config.get("Fields").toString()).isEqualTo("[{\"Type\":\"Edited\",\"Name\":\"image\","
                + "\"Old\":\"registry:5000/team/web:${NOMAD_META_VERSION}\",\"New\":\"registry:5000/team/web:fixed\","
                + "\"Annotations\":null}]");
        assertThat(group.at("/Tasks/0/Annotations").toString()).isEqualTo("[\"forces create/destroy update\"]");
        // the default update block replaces one allocation at a time
        assertThat(group.get("Updates").toString()).isEqualTo("{\"create/destroy update\":1,\"ignore\":2}");
    }

    @Test
    @DisplayName("plan-diff: a meta change is a Meta[KEY] field of the job and replaces the allocations")
    void planOfAMetaChangeShowsTheMetaFieldAndIsADestructiveUpdate() {
        register(minimalJob("web", "1"));
        idle();
        JsonNode answer = plan(minimalJob("web", "2"), true).json();
        assertThat(answer.at("/Diff/Type").asText()).isEqualTo("Edited");
        assertThat(answer.at("/Diff/Fields").toString()).isEqualTo("[{\"Type\":\"Edited\",\"Name\":\"Meta[VERSION]\","
                + "\"Old\":\"1\",\"New\":\"2\",\"Annotations\":null}]");
        assertThat(answer.at("/Annotations/DesiredTGUpdates/web/DestructiveUpdate").asLong()).isEqualTo(1);
        assertThat(answer.at("/Annotations/DesiredTGUpdates/web/InPlaceUpdate").asLong()).isZero();
        assertThat(answer.get("FailedTGAllocs").isNull()).isTrue();
    }

    @Test
    @DisplayName("plan-failed-placements: a group that cannot be placed is in FailedTGAllocs with its metrics, "
            + "a blocked eval is reported, and nothing is written")
    void planOfAGroupThatCannotBePlacedReportsTheFailedAllocationsAndWritesNothing() {
        ObjectNode job = minimalJob("web", "1");
        ((ObjectNode) job.at("/TaskGroups/0")).put("Count", 3);
        ((ObjectNode) job.at("/TaskGroups/0/Tasks/0")).putObject("Resources").put("CPU", 100).put("MemoryMB", 256);
        register(job);
        idle();
        long before = sim.index();
        int versions = sim.versions("default", "web").size();
        sim.placementRule(PlacementRule.failGroup("web", "web", PlacementRule.PlacementFailure.exhausted(3, "memory")));
        ObjectNode changed = job.deepCopy();
        ((ObjectNode) changed.get("Meta")).put("VERSION", "2");
        ((ObjectNode) changed.at("/TaskGroups/0")).putObject("Update").put("MaxParallel", 3);

        JsonNode answer = plan(changed, true).json();

        JsonNode failed = answer.at("/FailedTGAllocs/web");
        assertThat(Fixtures.fieldNames(failed)).containsExactly("NodesEvaluated", "NodesFiltered", "NodesInPool",
                "NodePool", "NodesAvailable", "ClassFiltered", "ConstraintFiltered", "NodesExhausted",
                "ClassExhausted", "DimensionExhausted", "QuotaExhausted", "ResourcesExhausted", "Scores",
                "ScoreMetaData", "AllocationTime", "CoalescedFailures");
        assertThat(failed.get("NodesEvaluated").asInt()).isEqualTo(3);
        assertThat(failed.get("NodesExhausted").asInt()).isEqualTo(3);
        assertThat(failed.get("DimensionExhausted").toString()).isEqualTo("{\"memory\":3}");
        assertThat(failed.get("ConstraintFiltered").isNull()).isTrue();
        // three replacements, the first failure and two coalesced into it, each asking for the task's memory
        assertThat(failed.get("CoalescedFailures").asInt()).isEqualTo(2);
        assertThat(failed.at("/ResourcesExhausted/web/MemoryMB").asInt()).isEqualTo(768);
        assertThat(answer.at("/CreatedEvals/0/Status").asText()).isEqualTo("blocked");
        assertThat(answer.at("/CreatedEvals/0/StatusDescription").asText())
                .isEqualTo("created to place remaining allocations");
        // the reconciler's counts come before placement and do not change
        assertThat(answer.at("/Annotations/DesiredTGUpdates/web/DestructiveUpdate").asLong()).isEqualTo(3);
        assertThat(sim.index()).isEqualTo(before);
        assertThat(sim.versions("default", "web")).hasSize(versions);
    }

    @Test
    @DisplayName("plan-failed-placements: a plan that places nothing new cannot fail, and the lifted rule fits again")
    void planThatPlacesNothingOrAfterTheRuleIsLiftedHasNoFailedAllocations() {
        register(minimalJob("web", "1"));
        idle();
        sim.placementRule(PlacementRule.failGroup("web", "web", PlacementRule.PlacementFailure.filtered(2,
                "${attr.kernel.name} = linux")));
        assertThat(plan(minimalJob("web", "1"), true).json().get("FailedTGAllocs").isNull()).isTrue();
        JsonNode failing = plan(minimalJob("web", "2"), true).json();
        assertThat(failing.at("/FailedTGAllocs/web/ConstraintFiltered").toString())
                .isEqualTo("{\"${attr.kernel.name} = linux\":2}");
        assertThat(failing.at("/FailedTGAllocs/web/ResourcesExhausted").isNull()).isTrue();
        sim.placementRule(PlacementRule.fitsAll());
        JsonNode fits = plan(minimalJob("web", "2"), true).json();
        assertThat(fits.get("FailedTGAllocs").isNull()).isTrue();
        assertThat(fits.get("CreatedEvals").isNull()).isTrue();
    }

    @Test
    @DisplayName("job-plan: no Diff unless asked; the handler's 405 and 400s, validation's 500")
    void planWithoutDiffAnswersNullDiffAndRefusesWhatTheHandlerRefuses() {
        assertThat(plan(minimalJob("web", "1"), false).json().get("Diff").isNull()).isTrue();
        assertThat(http.get("/v1/job/web/plan").status()).isEqualTo(405);
        SimHttp.Response noJob = http.send("PUT", "/v1/job/web/plan", "{\"Diff\":true}");
        assertThat(noJob.status()).isEqualTo(400);
        assertThat(noJob.body()).isEqualTo("Job must be specified");
        SimHttp.Response mismatch = http.send("PUT", "/v1/job/other/plan", body(minimalJob("web", "1")));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).isEqualTo("Job ID does not match");
        SimHttp.Response invalid = http.send("PUT", "/v1/job/web/plan", body(minimalJob("web", "1").put("Priority", 500)));
        assertThat(invalid.status()).isEqualTo(500);
        assertThat(invalid.body()).isEqualTo("1 error occurred:\n\t* job priority must be between [1, 100]\n\n");
    }

    @Test
    @DisplayName("job-revert: a revert registers a copy of the old version, without its tag, as a new version with a job-register eval")
    void revertRegistersACopyOfTheOldVersionWithoutItsTag() {
        ObjectNode tagged = minimalJob("web", "1");
        tagged.putObject("VersionTag").put("Name", "good").put("Description", "").put("TaggedTime", 1L);
        register(tagged);
        idle();
        register(minimalJob("web", "2").putNull("VersionTag"));
        idle();
        SimHttp.Response r = revert("web", 0, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Nomad-KnownLeader")).isEqualTo("false");
        JsonNode answer = r.json();
        assertThat(answer.get("EvalID").asText()).isNotEmpty();
        assertThat(r.header("X-Nomad-Index")).isEqualTo(answer.get("Index").asText());
        idle();
        JsonNode job = http.get("/v1/job/web").json();
        assertThat(job.get("Version").asLong()).isEqualTo(2);
        assertThat(job.at("/Meta/VERSION").asText()).isEqualTo("1");
        assertThat(job.get("VersionTag").isNull()).isTrue();
        assertThat(job.get("JobModifyIndex").asLong()).isEqualTo(answer.get("JobModifyIndex").asLong());
        assertThat(http.get("/v1/evaluation/" + answer.get("EvalID").asText()).json().get("TriggeredBy").asText())
                .isEqualTo("job-register");
    }

    @Test
    @DisplayName("job-revert: reverting to a spec equal to the current one writes no version, only an eval")
    void revertToASpecEqualToTheCurrentOneWritesNoVersionButAnEval() {
        registerTwoVersions();
        revert("web", 0, null);
        idle();
        long jobModifyIndex = sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong();
        JsonNode again = revert("web", 0, null).json();
        assertThat(again.get("JobModifyIndex").asLong()).isEqualTo(jobModifyIndex);
        assertThat(again.get("EvalID").asText()).isNotEmpty();
        assertThat(sim.versions("default", "web")).hasSize(3);
    }

    @Test
    @DisplayName("job-revert: a revert enforcing the prior version is a register with EnforceIndex, so a change in between fails it")
    void revertEnforcingThePriorVersionFailsWhenTheJobChangesBeforeItsRegister() {
        registerTwoVersions();
        long read = sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong();
        sim.faults().onNextRegisterOf("default", "web", job -> ((ObjectNode) job.get("Meta")).put("OPERATOR", "x"));
        SimHttp.Response r = revert("web", 0, 1L);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).startsWith("Enforcing job modify index " + read + ": job exists with conflicting job modify index: ");
        JsonNode job = http.get("/v1/job/web").json();
        assertThat(job.at("/Meta/OPERATOR").asText()).isEqualTo("x");
        assertThat(job.at("/Meta/VERSION").asText()).isEqualTo("2");
    }

    @Test
    @DisplayName("job-revert: refusals carry Nomad's texts and write nothing")
    void revertRefusalsCarryNomadsTexts() {
        registerTwoVersions();
        assertThat(revert("web", 1, null).body()).isEqualTo("can't revert to current version");
        assertThat(revert("web", 7, null).body()).isEqualTo("job \"web\" in namespace \"default\" at version 7 not found");
        assertThat(revert("nope", 0, null).body()).isEqualTo("job \"nope\" not found");
        SimHttp.Response prior = revert("web", 0, 0L);
        assertThat(prior.status()).isEqualTo(500);
        assertThat(prior.body()).isEqualTo("Current job has version 1; enforcing version 0");
        SimHttp.Response mismatch = http.send("PUT", "/v1/job/other/revert", "{\"JobID\":\"web\",\"JobVersion\":0}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).isEqualTo("Job ID does not match");
        assertThat(http.send("PUT", "/v1/job/web/revert", "{\"JobVersion\":0}").body()).isEqualTo("JobID must be specified");
        assertThat(sim.versions("default", "web")).hasSize(2);
    }
}
