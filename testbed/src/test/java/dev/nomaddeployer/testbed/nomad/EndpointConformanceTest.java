package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#job-list to #deregister beyond the fixture comparisons. */
class EndpointConformanceTest extends SimTestBase {

    @Test
    @DisplayName("job-list: an empty cluster lists []")
    void emptyClusterListsEmptyArray() {
        assertThat(http.get("/v1/jobs").body()).isEqualTo("[]");
        assertThat(http.get("/v1/jobs?namespace=*").body()).isEqualTo("[]");
    }

    @Test
    @DisplayName("job-list-params: prefix, filter and a non-boolean meta")
    void prefixFilterAndMeta() {
        Fixtures.story(sim);
        JsonNode we = http.get("/v1/jobs?prefix=we").json();
        assertThat(we).hasSize(1);
        assertThat(we.get(0).get("ID").asText()).isEqualTo("web");
        String filter = URLEncoder.encode("Meta.VERSION == \"1.5.0\"", StandardCharsets.UTF_8);
        JsonNode filtered = http.get("/v1/jobs?namespace=*&filter=" + filter).json();
        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).get("ID").asText()).isEqualTo("web");
        String running = URLEncoder.encode("Status == \"running\" and not (Type == \"batch\")",
                StandardCharsets.UTF_8);
        assertThat(http.get("/v1/jobs?namespace=*&filter=" + running).json()).hasSize(2);
        SimHttp.Response meta = http.get("/v1/jobs?meta=maybe");
        assertThat(meta.status()).isEqualTo(500);
        assertThat(meta.body()).isEqualTo("Failed to parse value of \"meta\" (maybe) as a bool: "
                + "strconv.ParseBool: parsing \"maybe\": invalid syntax");
    }

    @Test
    @DisplayName("pagination: per_page, X-Nomad-NextToken and next_token; broken filter is 400")
    void pagination() {
        Fixtures.story(sim);
        SimHttp.Response first = http.get("/v1/jobs?namespace=*&per_page=2");
        assertThat(first.json()).hasSize(2);
        assertThat(first.header("X-Nomad-NextToken")).isEqualTo("default.web");
        SimHttp.Response last = http.get("/v1/jobs?namespace=*&per_page=2&next_token=default.web");
        assertThat(last.json()).hasSize(1);
        assertThat(last.json().get(0).get("ID").asText()).isEqualTo("web");
        assertThat(last.header("X-Nomad-NextToken")).isNull();
        SimHttp.Response broken = http.get("/v1/jobs?filter=" + URLEncoder.encode("Meta.VERSION ==",
                StandardCharsets.UTF_8));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body()).startsWith("failed to create result paginator: failed to read filter expression: ");
        SimHttp.Response failing = http.get("/v1/jobs?filter=" + URLEncoder.encode("Nope == \"x\"",
                StandardCharsets.UTF_8));
        assertThat(failing.status()).isEqualTo(400);
        assertThat(failing.body()).startsWith("failed to read result page: ");
    }

    @Test
    @DisplayName("register-request: /v1/jobs and /v1/job/:id both accept register-request.json")
    void bothRegisterPathsAcceptTheFixtureBody() {
        String fixture = Fixtures.text("register-request.json").replace("\"EnforceIndex\": true", "\"EnforceIndex\": false");
        assertThat(http.post("/v1/jobs", fixture).status()).isEqualTo(200);
        assertThat(http.post("/v1/job/web", fixture).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("register-response: the register answer has exactly the fields of register-response.json")
    void registerResponseShape() {
        SimHttp.Response r = register(minimalJob("web", "1"));
        Fixtures.assertMatches(r.json(), Fixtures.json("register-response.json"), "response");
    }

    @Test
    @DisplayName("job-versions: after 7 spec changes only 6 versions remain")
    void onlySixVersionsAreKept() {
        sim.deploymentRule(DeploymentRule.stayRunning());
        for (int i = 0; i < 8; i++) {
            register(minimalJob("web", "1." + i));
        }
        JsonNode versions = http.get("/v1/job/web/versions").json().get("Versions");
        assertThat(versions).hasSize(6);
        assertThat(versions.get(0).get("Version").asInt()).isEqualTo(7);
        assertThat(versions.get(5).get("Version").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("job-deployments: /deployments of unknown job is [], /deployment with none is null, latest is newest")
    void deploymentsOfJob() {
        assertThat(http.get("/v1/job/nope/deployments").body()).isEqualTo("[]");
        SimHttp.Response none = http.get("/v1/job/nope/deployment");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("null");
        register(minimalJob("web", "1"));
        idle();
        register(minimalJob("web", "2"));
        idle();
        JsonNode latest = http.get("/v1/job/web/deployment").json();
        assertThat(latest.get("JobVersion").asInt()).isEqualTo(1);
        assertThat(http.get("/v1/job/web/deployments").json()).hasSize(2);
        assertThat(http.get("/v1/job/web/evaluations").json()).hasSize(2);
        assertThat(http.get("/v1/job/nope/evaluations").body()).isEqualTo("[]");
    }

    @Test
    @DisplayName("status-leader: /v1/status/leader is a JSON string")
    void leaderIsJsonString() {
        JsonNode leader = http.get("/v1/status/leader").json();
        assertThat(leader.isTextual()).isTrue();
        assertThat(leader.asText()).matches("[0-9.]+:4647");
    }

    @Test
    @DisplayName("agent-self: /v1/agent/self has config, member, stats")
    void agentSelf() {
        JsonNode self = http.get("/v1/agent/self").json();
        assertThat(Fixtures.fieldNames(self)).containsExactly("config", "member", "stats");
        assertThat(self.at("/config/Region").asText()).isEqualTo("global");
        assertThat(self.at("/config/Version/Version").asText()).isEqualTo("1.10.5");
    }

    @Test
    @DisplayName("deregister: DELETE stops the job as a new version; unknown job is an empty 200")
    void deregister() {
        register(minimalJob("web", "1"));
        idle();
        SimHttp.Response r = http.send("DELETE", "/v1/job/web", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode job = http.get("/v1/job/web").json();
        assertThat(job.get("Stop").asBoolean()).isTrue();
        assertThat(job.get("Version").asInt()).isEqualTo(1);
        assertThat(job.get("JobModifyIndex").asLong()).isEqualTo(r.json().get("Index").asLong());
        SimHttp.Response unknown = http.send("DELETE", "/v1/job/nope", null);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo("{\"EvalID\":\"\",\"EvalCreateIndex\":0,\"JobModifyIndex\":0,"
                + "\"VolumeEvalID\":\"\",\"VolumeEvalIndex\":0,\"Index\":0,\"LastContact\":0,\"KnownLeader\":false,"
                + "\"NextToken\":\"\"}");
        http.send("DELETE", "/v1/job/web?purge=true", null);
        assertThat(http.get("/v1/job/web").status()).isEqualTo(404);
    }
}
