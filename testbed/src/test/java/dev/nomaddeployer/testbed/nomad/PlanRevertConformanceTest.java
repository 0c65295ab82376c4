package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** `/plan` and `/revert` over raw HTTP, as command/agent and nomad/job_endpoint.go answer them (1.10). */
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

    @Test
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
    void revertRegistersACopyOfTheOldVersionWithoutItsTag() {
        register(minimalJob("web", "1"));
        idle();
        register(minimalJob("web", "2"));
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
        assertThat(job.get("JobModifyIndex").asLong()).isEqualTo(answer.get("JobModifyIndex").asLong());
        assertThat(http.get("/v1/evaluation/" + answer.get("EvalID").asText()).json().get("TriggeredBy").asText())
                .isEqualTo("job-register");
    }

    @Test
    void revertToASpecEqualToTheCurrentOneWritesNoVersionButAnEval() {
        register(minimalJob("web", "1"));
        idle();
        register(minimalJob("web", "2"));
        idle();
        revert("web", 0, null);
        idle();
        long jobModifyIndex = sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong();
        JsonNode again = revert("web", 0, null).json();
        assertThat(again.get("JobModifyIndex").asLong()).isEqualTo(jobModifyIndex);
        assertThat(again.get("EvalID").asText()).isNotEmpty();
        assertThat(sim.versions("default", "web")).hasSize(3);
    }

    @Test
    void revertRefusalsCarryNomadsTexts() {
        register(minimalJob("web", "1"));
        idle();
        register(minimalJob("web", "2"));
        idle();
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
