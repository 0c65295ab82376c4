package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The [2.0] variants of nomad-api.md#new-job, #unchanged-register, #preserve-counts. */
class Nomad20ModeTest extends SimTestBase {
    @Override
    NomadSim.Builder builder() {
        return super.builder().nomadVersion(NomadVersion.V2_0);
    }

    @Test
    @DisplayName("unchanged-register [2.0]: identical re-register answers the stored ModifyIndex; eval has no JobModifyIndex")
    void unchangedReRegisterReportsModifyIndex() {
        register(minimalJob("web", "1"));
        idle();
        JsonNode stored = http.get("/v1/job/web").json();
        assertThat(stored.get("ModifyIndex").asLong()).isGreaterThan(stored.get("JobModifyIndex").asLong());
        JsonNode r = http.post("/v1/job/web", body(stored)).json();
        assertThat(r.get("JobModifyIndex").asLong()).isEqualTo(stored.get("ModifyIndex").asLong());
        assertThat(http.get("/v1/evaluation/" + r.get("EvalID").asText()).json().has("JobModifyIndex")).isFalse();
    }

    @Test
    @DisplayName("unchanged-register [2.0]: periodic re-register answers Index = stored ModifyIndex")
    void periodicReRegisterReportsModifyIndex() {
        ObjectNode job = minimalJob("nightly", "1").put("Type", "batch");
        job.putObject("Periodic").put("Spec", "0 3 * * *");
        register(job);
        JsonNode r = register(job).json();
        assertThat(r.get("Index").asLong()).isEqualTo(sim.job("default", "nightly").orElseThrow()
                .get("ModifyIndex").asLong());
    }

    @Test
    @DisplayName("preserve-counts [2.0]: PreserveCounts with a count-only change still makes a new version with the old count")
    void preserveCountsStillCreatesVersion() {
        register(minimalJob("web", "1"));
        ObjectNode job = minimalJob("web", "1");
        ((ObjectNode) job.at("/TaskGroups/0")).put("Count", 4);
        http.post("/v1/job/web", "{\"PreserveCounts\":true,\"Job\":" + job + "}");
        assertThat(sim.versions("default", "web")).hasSize(2);
        assertThat(sim.job("default", "web").orElseThrow().at("/TaskGroups/0/Count").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("new-job/changed-register [2.0]: a sent Version is kept for a new job and when larger than the stored one")
    void sentVersionIsKept() {
        register(minimalJob("web", "1").put("Version", 5));
        assertThat(sim.versions("default", "web").get(0).get("Version").asInt()).isEqualTo(5);
        register(minimalJob("web", "2").put("Version", 9));
        assertThat(sim.versions("default", "web").get(0).get("Version").asInt()).isEqualTo(9);
        register(minimalJob("web", "3").put("Version", 1));
        assertThat(sim.versions("default", "web").get(0).get("Version").asInt()).isEqualTo(10);
    }
}
