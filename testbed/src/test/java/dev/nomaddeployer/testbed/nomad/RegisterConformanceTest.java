package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#register-http-checks to #ignored-fields: register checks, defaults, EnforceIndex, versions and indexes (Nomad 1.10). */
class RegisterConformanceTest extends SimTestBase {

    @Test
    @DisplayName("register-http-checks: HTTP-layer register errors in order")
    void httpLayerErrors() {
        assertThat(http.post("/v1/jobs", "{\"Foo\":1}").body()).isEqualTo("Job must be specified");
        assertThat(http.post("/v1/jobs", "{\"Job\":{\"ID\":null}}").body()).isEqualTo("Job ID hasn't been provided");
        assertThat(http.post("/v1/job/other", body(minimalJob("web", "1"))).body())
                .isEqualTo("Job ID does not match name");
        SimHttp.Response priority = http.post("/v1/jobs", "{\"EvalPriority\":101,\"Job\":" + minimalJob("web", "1") + "}");
        assertThat(priority.status()).isEqualTo(400);
        assertThat(priority.body()).isEqualTo("Eval priority must be between 1 and 100 inclusively");
    }

    @Test
    @DisplayName("register-server-checks: empty ID fails validation; changing the type is a 500")
    void serverSideErrors() {
        SimHttp.Response empty = http.post("/v1/jobs", body(minimalJob("", "1")));
        assertThat(empty.status()).isEqualTo(500);
        assertThat(empty.body()).endsWith(" occurred:\n\t* Missing job ID\n\t* Missing job name\n\n");
        register(minimalJob("web", "1"));
        SimHttp.Response type = register(minimalJob("web", "1").put("Type", "batch"));
        assertThat(type.status()).isEqualTo(500);
        assertThat(type.body()).isEqualTo("cannot update job from type \"service\" to \"batch\"");
    }

    @Test
    @DisplayName("canonical-defaults: a minimal job reads back with every canonical default")
    void minimalJobGetsDefaults() {
        register(minimalJob("web", "1"));
        JsonNode job = http.get("/v1/job/web").json();
        JsonNode fixture = Fixtures.json("job-api-group-meta.json");
        assertThat(Fixtures.fieldNames(job)).isEqualTo(Fixtures.fieldNames(fixture));
        assertThat(job.get("Datacenters").toString()).isEqualTo("[\"*\"]");
        assertThat(job.get("Update")).isEqualTo(fixture.get("Update"));
        JsonNode group = job.at("/TaskGroups/0");
        JsonNode fixtureGroup = fixture.at("/TaskGroups/0");
        for (String f : new String[] {"Update", "Migrate", "RestartPolicy", "EphemeralDisk", "ReschedulePolicy"}) {
            assertThat(group.get(f)).as(f).isEqualTo(fixtureGroup.get(f));
        }
        assertThat(group.get("Count").asInt()).isEqualTo(1);
        JsonNode task = group.at("/Tasks/0");
        JsonNode fixtureTask = fixtureGroup.at("/Tasks/0");
        for (String f : new String[] {"RestartPolicy", "LogConfig", "Identity", "KillTimeout"}) {
            assertThat(task.get(f)).as(f).isEqualTo(fixtureTask.get(f));
        }
        assertThat(task.at("/Resources/CPU").asInt()).isEqualTo(100);
        assertThat(task.at("/Resources/MemoryMB").asInt()).isEqualTo(300);
    }

    @Test
    @DisplayName("canonical-defaults: a batch job gets batch restart/reschedule defaults and no update or migrate")
    void batchDefaults() {
        register(minimalJob("worker", "1").put("Type", "batch"));
        JsonNode job = http.get("/v1/job/worker").json();
        JsonNode fixture = Fixtures.json("job-worker-task-meta.json");
        assertThat(job.get("Update")).isEqualTo(fixture.get("Update"));
        for (String f : new String[] {"Update", "Migrate", "RestartPolicy", "ReschedulePolicy"}) {
            assertThat(job.at("/TaskGroups/0").get(f)).as(f).isEqualTo(fixture.at("/TaskGroups/0").get(f));
        }
    }

    @Test
    @DisplayName("enforce-index: EnforceIndex failures are 500 with exact texts; the right index registers")
    void enforceIndex() {
        String missing = "{\"EnforceIndex\":true,\"JobModifyIndex\":7,\"Job\":" + minimalJob("web", "1") + "}";
        assertThat(http.post("/v1/jobs", missing).body()).isEqualTo("Enforcing job modify index 7: job does not exist");
        SimHttp.Response created = http.post("/v1/jobs", "{\"EnforceIndex\":true,\"JobModifyIndex\":0,\"Job\":"
                + minimalJob("web", "1") + "}");
        assertThat(created.status()).isEqualTo(200);
        long current = created.json().get("JobModifyIndex").asLong();
        SimHttp.Response zero = http.post("/v1/jobs", "{\"EnforceIndex\":true,\"Job\":" + minimalJob("web", "2") + "}");
        assertThat(zero.status()).isEqualTo(500);
        assertThat(zero.body()).isEqualTo("Enforcing job modify index 0: job already exists");
        SimHttp.Response wrong = http.post("/v1/jobs", "{\"EnforceIndex\":true,\"JobModifyIndex\":7,\"Job\":"
                + minimalJob("web", "2") + "}");
        assertThat(wrong.body()).isEqualTo("Enforcing job modify index 7: job exists with conflicting job modify index: "
                + current);
        SimHttp.Response right = http.post("/v1/jobs", "{\"EnforceIndex\":true,\"JobModifyIndex\":" + current
                + ",\"Job\":" + minimalJob("web", "2") + "}");
        assertThat(right.status()).isEqualTo(200);
        assertThat(http.post("/v1/jobs", "{\"JobModifyIndex\":7,\"Job\":" + minimalJob("web", "3") + "}").status())
                .as("JobModifyIndex is ignored without EnforceIndex").isEqualTo(200);
    }

    @Test
    @DisplayName("new-job: a new job is version 0, pending, not stable, all three indexes equal")
    void newJob() {
        frozenScheduler();
        SimHttp.Response r = register(minimalJob("web", "1").put("Version", 9));
        JsonNode job = sim.job("default", "web").orElseThrow();
        assertThat(job.get("Version").asInt()).isZero();
        assertThat(job.get("Status").asText()).isEqualTo("pending");
        assertThat(job.get("Stable").asBoolean()).isFalse();
        assertThat(job.get("CreateIndex").asLong()).isEqualTo(job.get("ModifyIndex").asLong())
                .isEqualTo(job.get("JobModifyIndex").asLong());
        assertThat(job.get("CreateIndex").asLong()).isEqualTo(r.json().get("Index").asLong());
    }

    @Test
    @DisplayName("changed-register: a changed spec is Version+1 with JobModifyIndex = ModifyIndex = response indexes")
    void changedSpec() {
        register(minimalJob("web", "1"));
        idle();
        sim.deploymentRule(DeploymentRule.stayRunning());
        JsonNode before = sim.job("default", "web").orElseThrow();
        JsonNode r = register(minimalJob("web", "2")).json();
        JsonNode job = sim.registrations().get(1).job();
        assertThat(job.get("Version").asInt()).isEqualTo(1);
        assertThat(job.get("JobModifyIndex").asLong()).isEqualTo(job.get("ModifyIndex").asLong())
                .isEqualTo(r.get("JobModifyIndex").asLong()).isEqualTo(r.get("EvalCreateIndex").asLong())
                .isEqualTo(r.get("Index").asLong());
        assertThat(job.get("CreateIndex").asLong()).isEqualTo(before.get("CreateIndex").asLong());
        assertThat(job.get("Stable").asBoolean()).isFalse();
        assertThat(job.get("Status").asText()).isEqualTo("running");
    }

    @Test
    @DisplayName("unchanged-register: identical re-register writes only a new eval; response JobModifyIndex is stored JobModifyIndex")
    void unchangedSpec() {
        register(minimalJob("web", "1"));
        idle();
        JsonNode before = http.get("/v1/job/web").json();
        JsonNode r = http.post("/v1/job/web", body(before)).json();
        JsonNode after = sim.job("default", "web").orElseThrow();
        assertThat(after.get("Version").asLong()).isEqualTo(before.get("Version").asLong());
        assertThat(after.get("ModifyIndex").asLong()).isEqualTo(before.get("ModifyIndex").asLong());
        assertThat(r.get("EvalID").asText()).isNotEmpty();
        assertThat(r.get("EvalCreateIndex").asLong()).isGreaterThan(before.get("ModifyIndex").asLong())
                .isEqualTo(r.get("Index").asLong());
        assertThat(r.get("JobModifyIndex").asLong()).isEqualTo(before.get("JobModifyIndex").asLong());
        JsonNode eval = http.get("/v1/evaluation/" + r.get("EvalID").asText()).json();
        assertThat(eval.get("JobModifyIndex").asLong()).isEqualTo(before.get("JobModifyIndex").asLong());
    }

    @Test
    @DisplayName("unchanged-register/stop-periodic-parameterized: periodic job re-register answers EvalID \"\" and Index 0")
    void periodicReRegister() {
        ObjectNode job = minimalJob("nightly", "1").put("Type", "batch");
        job.putObject("Periodic").put("Spec", "0 3 * * *");
        JsonNode first = register(job).json();
        assertThat(first.get("EvalID").asText()).isEmpty();
        assertThat(first.get("EvalCreateIndex").asLong()).isZero();
        SimHttp.Response again = register(job);
        assertThat(again.json().get("Index").asLong()).isZero();
        assertThat(again.header("X-Nomad-Index")).isEqualTo("0");
        assertThat(again.json().get("EvalID").asText()).isEmpty();
    }

    @Test
    @DisplayName("spec-change: job meta, task meta or count changes are spec changes; server-owned fields are not")
    void whatCountsAsSpecChange() {
        register(minimalJob("web", "1"));
        ObjectNode fetched = (ObjectNode) http.get("/v1/job/web").json();
        fetched.put("Stable", true).put("Status", "dead").put("Version", 42).put("SubmitTime", 1)
                .put("ModifyIndex", 1).put("JobModifyIndex", 1).put("CreateIndex", 1);
        http.post("/v1/job/web", body(fetched));
        assertThat(sim.versions("default", "web")).hasSize(1);
        ((ObjectNode) fetched.at("/TaskGroups/0/Tasks/0")).putObject("Meta").put("X", "y");
        http.post("/v1/job/web", body(fetched));
        assertThat(sim.versions("default", "web")).hasSize(2);
        ((ObjectNode) fetched.at("/TaskGroups/0")).put("Count", 5);
        http.post("/v1/job/web", body(fetched));
        ((ObjectNode) fetched.get("Meta")).put("VERSION", "2");
        http.post("/v1/job/web", body(fetched));
        assertThat(sim.versions("default", "web")).hasSize(4);
    }

    @Test
    @DisplayName("preserve-counts: PreserveCounts keeps the stored count; a count-only change is then unchanged (1.10)")
    void preserveCounts() {
        register(minimalJob("web", "1"));
        ObjectNode job = minimalJob("web", "1");
        ((ObjectNode) job.at("/TaskGroups/0")).put("Count", 4);
        http.post("/v1/job/web", "{\"PreserveCounts\":true,\"Job\":" + job + "}");
        assertThat(sim.versions("default", "web")).hasSize(1);
        assertThat(sim.job("default", "web").orElseThrow().at("/TaskGroups/0/Count").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("ignored-fields: re-posting a tagged version copies the tag; body Status/Stable are ignored")
    void versionTagIsCopied() {
        ObjectNode job = minimalJob("web", "1");
        job.putObject("VersionTag").put("Name", "golden").put("Description", "").put("TaggedTime", 1L);
        register(job);
        ObjectNode fetched = (ObjectNode) http.get("/v1/job/web").json();
        ((ObjectNode) fetched.get("Meta")).put("VERSION", "2");
        fetched.put("Status", "dead").put("Stable", true);
        http.post("/v1/job/web", body(fetched));
        JsonNode stored = sim.registrations().get(1).job();
        assertThat(stored.at("/VersionTag/Name").asText()).isEqualTo("golden");
        assertThat(stored.get("Stable").asBoolean()).isFalse();
        assertThat(stored.get("Status").asText()).isNotEqualTo("dead");
    }
}
