package dev.nomaddeployer.testbed.nomad;

import static dev.nomaddeployer.testbed.nomad.Fixtures.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reads of the rebuilt fixture story compared with the captured fixtures. */
@Timeout(30)
class FixtureReadsTest {
    private static NomadSim sim;
    private static SimHttp http;

    @BeforeAll
    static void story() {
        sim = NomadSim.builder().schedulerStepDelay(java.time.Duration.ofMillis(1)).build().start();
        Fixtures.story(sim);
        http = new SimHttp(sim);
    }

    @AfterAll
    static void stop() {
        sim.stop();
    }

    @Test
    @DisplayName("json-encoding/job-read: GET /v1/job/web equals job-web.json, keys in Go order")
    void jobReadMatchesFixtureInKeyOrderAndValues() {
        SimHttp.Response r = http.get("/v1/job/web");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertMatches(r.json(), Fixtures.json("job-web.json"), "job");
        assertThat(r.body()).doesNotContain("\n").doesNotContain(": ");
    }

    @Test
    @DisplayName("json-encoding: ?pretty indents by 4 and ends with a newline")
    void prettyIndentsByFourSpacesWithFinalNewline() {
        String body = http.get("/v1/job/web?pretty").body();
        assertThat(body).startsWith("{\n    \"Stop\": false,\n    \"Region\": \"global\",").endsWith("}\n");
        assertThat(http.get("/v1/job/web?pretty=0").body()).doesNotContain("\n");
    }

    @Test
    @DisplayName("value-encoding: durations are integer nanoseconds, unset pointers are null")
    void durationsAreNanosecondsAndUnsetPointersNull() {
        JsonNode job = http.get("/v1/job/api").json();
        JsonNode task = job.at("/TaskGroups/0/Tasks/0");
        assertThat(task.get("KillTimeout").asLong()).isEqualTo(5_000_000_000L);
        assertThat(task.get("Env").isNull()).isTrue();
        assertThat(job.at("/TaskGroups/0/ShutdownDelay").isNull()).isTrue();
        assertThat(job.get("Periodic").isNull()).isTrue();
    }

    @Test
    @DisplayName("omitempty/evaluation-read: an evaluation omits empty fields, as evaluation.json")
    void evaluationOmitsEmptyFields() {
        JsonNode evals = http.get("/v1/job/web/evaluations").json();
        JsonNode v1Eval = null;
        for (JsonNode e : evals) {
            if (e.get("JobModifyIndex").asLong() == sim.job("default", "web").orElseThrow()
                    .get("JobModifyIndex").asLong()) {
                v1Eval = e;
            }
        }
        assertThat(v1Eval).isNotNull();
        JsonNode read = http.get("/v1/evaluation/" + v1Eval.get("ID").asText()).json();
        assertMatches(read, Fixtures.json("evaluation.json"), "eval");
        assertThat(read.has("NodeID")).isFalse();
        assertThat(read.has("StatusDescription")).isFalse();
        assertThat(read.has("WaitUntil")).isFalse();
        assertThat(http.get("/v1/evaluation/nope").status()).isEqualTo(404);
        assertThat(http.get("/v1/evaluation/nope").body()).isEqualTo("eval not found");
    }

    @Test
    @DisplayName("job-list/job-list-order: GET /v1/jobs?namespace=* equals jobs-list.json, batch before default")
    void jobListAcrossNamespacesMatchesFixture() {
        SimHttp.Response r = http.get("/v1/jobs?namespace=*");
        assertMatches(r.json(), listFixture("jobs-list.json"), "list");
    }

    @Test
    @DisplayName("job-list-params: meta=true adds only job-level Meta, as jobs-list-meta.json")
    void listWithMetaAddsOnlyJobMeta() {
        JsonNode list = http.get("/v1/jobs?namespace=*&meta=true").json();
        assertMatches(list, listFixture("jobs-list-meta.json"), "list");
    }

    @Test
    @DisplayName("omitempty: list stubs have no Meta key without meta=true")
    void listStubsHaveNoMetaByDefault() {
        for (JsonNode stub : http.get("/v1/jobs?namespace=*").json()) {
            assertThat(stub.has("Meta")).isFalse();
        }
    }

    @Test
    @DisplayName("job-versions: GET /v1/job/web/versions equals job-versions.json")
    void versionsMatchFixture() {
        SimHttp.Response r = http.get("/v1/job/web/versions");
        assertMatches(r.json(), Fixtures.json("job-versions.json"), "versions");
        assertThat(r.json().get("Index").asText()).isEqualTo(r.header("X-Nomad-Index"));
        assertThat(http.get("/v1/job/nope/versions").body()).isEqualTo("job versions not found");
    }

    @Test
    @DisplayName("deployment-read: GET /v1/deployment/:id equals deployment.json")
    void deploymentMatchesFixture() {
        JsonNode latest = http.get("/v1/job/web/deployment").json();
        SimHttp.Response r = http.get("/v1/deployment/" + latest.get("ID").asText());
        assertMatches(r.json(), Fixtures.json("deployment.json"), "deployment");
        assertThat(r.header("X-Nomad-Index")).isEqualTo(latest.get("ModifyIndex").asText());
        SimHttp.Response missing = http.get("/v1/deployment/d23f0824-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("deployment not found");
    }

    @Test
    @DisplayName("job-read: api and worker reads equal their fixtures")
    void groupMetaAndTaskMetaJobsMatchFixtures() {
        assertMatches(http.get("/v1/job/api").json(), Fixtures.json("job-api-group-meta.json"), "api");
        assertMatches(http.get("/v1/job/worker?namespace=batch").json(),
                Fixtures.json("job-worker-task-meta.json"), "worker");
    }

    static JsonNode listFixture(String name) {
        try {
            return SimHttp.MAPPER.readTree(Fixtures.text(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
