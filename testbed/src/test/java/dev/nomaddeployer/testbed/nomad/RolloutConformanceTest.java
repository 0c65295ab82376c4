package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Following a rollout: deployment allocations with task events, canaries and promotion, manual failure. */
class RolloutConformanceTest extends SimTestBase {

    @Test
    @DisplayName("deployment-allocations: a version whose image cannot be pulled shows the driver failure and a failed allocation")
    void failingPullExposesItsTaskEvent() {
        sim.deploymentRule(DeploymentRule.failPullWhenMeta("VERSION", "1.6.0", "registry:5000/team/web:1.6.0"));
        register(minimalJob("web", "1.6.0"));
        idle();
        JsonNode deployment = http.get("/v1/job/web/deployment").json();
        SimHttp.Response answer = http.get("/v1/deployment/allocations/" + deployment.get("ID").asText());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).hasSize(1);
        JsonNode alloc = answer.json().get(0);
        assertThat(alloc.get("Name").asText()).isEqualTo("web.web[0]");
        assertThat(alloc.get("TaskGroup").asText()).isEqualTo("web");
        assertThat(alloc.get("JobVersion").asLong()).isZero();
        assertThat(alloc.get("ClientStatus").asText()).isEqualTo("failed");
        assertThat(alloc.get("ClientDescription").asText()).isEqualTo("Failed tasks");
        assertThat(alloc.at("/DeploymentStatus/Healthy").asBoolean(true)).isFalse();
        JsonNode task = alloc.at("/TaskStates/web");
        assertThat(task.get("State").asText()).isEqualTo("dead");
        assertThat(task.get("Failed").asBoolean()).isTrue();
        assertThat(task.get("Restarts").asLong()).isEqualTo(2);
        List<String> types = new ArrayList<>();
        task.get("Events").forEach(e -> types.add(e.get("Type").asText()));
        assertThat(types).hasSizeLessThanOrEqualTo(10).contains("Driver Failure", "Restarting")
                .last().isEqualTo("Not Restarting");
        JsonNode failure = null;
        for (JsonNode e : task.get("Events")) {
            if (e.get("Type").asText().equals("Driver Failure")) {
                failure = e;
            }
        }
        assertThat(failure.get("DisplayMessage").asText())
                .startsWith("Failed to pull `registry:5000/team/web:1.6.0`: ").endsWith("manifest unknown");
        assertThat(failure.get("DriverError").asText()).isEqualTo(failure.get("DisplayMessage").asText());
        JsonNode last = task.get("Events").get(task.get("Events").size() - 1);
        assertThat(last.get("DisplayMessage").asText())
                .isEqualTo("Exceeded allowed attempts 2 in interval 30m0s and mode is \"fail\"");
        assertThat(deployment.get("StatusDescription").asText()).isEqualTo("Failed due to progress deadline");
        assertThat(deployment.at("/TaskGroups/web/UnhealthyAllocs").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("deployment-allocations: an allocation that never turns healthy keeps running with the health watcher's event")
    void neverHealthyAllocationCarriesAllocUnhealthyEvent() {
        sim.deploymentRule(DeploymentRule.failWhen(job -> true));
        register(minimalJob("web", "1"));
        idle();
        String id = http.get("/v1/job/web/deployment").json().get("ID").asText();
        JsonNode alloc = http.get("/v1/deployment/allocations/" + id).json().get(0);
        assertThat(alloc.get("ClientStatus").asText()).isEqualTo("running");
        JsonNode events = alloc.at("/TaskStates/web/Events");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("Type").asText()).isEqualTo("Alloc Unhealthy");
        assertThat(last.get("DisplayMessage").asText())
                .isEqualTo("Task not running for min_healthy_time of 10s by healthy_deadline of 5m0s");
    }

    @Test
    @DisplayName("deployment-allocations: an unknown deployment has an empty list, not a 404, at the allocs table's index")
    void unknownDeploymentHasNoAllocations() {
        register(minimalJob("web", "1"));
        idle();
        SimHttp.Response answer = http.get("/v1/deployment/allocations/00000000-0000-0000-0000-000000000000");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).isEmpty();
        assertThat(Long.parseLong(answer.header("X-Nomad-Index"))).isPositive();
    }

    @Test
    @DisplayName("deployment-allocations: a blocking query returns when the allocations change")
    void allocationsBlockUntilTheyChange() {
        sim.stop();
        sim = builder().schedulerStepDelay(java.time.Duration.ofMillis(200)).build().start();
        http = new SimHttp(sim);
        register(minimalJob("web", "1"));
        // the plan places the allocation and creates the deployment; wait for it
        String id = null;
        for (int i = 0; i < 100 && id == null; i++) {
            JsonNode d = http.get("/v1/job/web/deployment").json();
            id = d.isNull() ? null : d.get("ID").asText();
            if (id == null) {
                sleep(20);
            }
        }
        SimHttp.Response first = http.get("/v1/deployment/allocations/" + id);
        long index = Long.parseLong(first.header("X-Nomad-Index"));
        assertThat(first.json().get(0).get("ClientStatus").asText()).isEqualTo("pending");
        SimHttp.Response next = http.get("/v1/deployment/allocations/" + id + "?index=" + index + "&wait=10s");
        assertThat(Long.parseLong(next.header("X-Nomad-Index"))).isGreaterThan(index);
        assertThat(next.json().get(0).get("ClientStatus").asText()).isEqualTo("running");
    }

    @Test
    @DisplayName("deployment-promote: a canary deployment without auto_promote waits for promotion, then succeeds")
    void canaryDeploymentWaitsForPromotion() {
        ObjectNode v0 = canaryJob(false);
        register(v0);
        idle();
        JsonNode first = http.get("/v1/job/web/deployment").json();
        assertThat(first.at("/TaskGroups/web/DesiredCanaries").asLong()).as("no canaries on a first placement").isZero();
        assertThat(first.get("Status").asText()).isEqualTo("successful");
        ObjectNode v1 = v0.deepCopy();
        ((ObjectNode) v1.get("Meta")).put("VERSION", "2");
        register(v1);
        idle();
        JsonNode d = http.get("/v1/job/web/deployment").json();
        assertThat(d.get("Status").asText()).isEqualTo("running");
        assertThat(d.get("StatusDescription").asText()).isEqualTo("Deployment is running but requires manual promotion");
        assertThat(d.at("/TaskGroups/web/DesiredCanaries").asLong()).isEqualTo(1);
        assertThat(d.at("/TaskGroups/web/PlacedCanaries")).hasSize(1);
        String id = d.get("ID").asText();
        JsonNode canary = http.get("/v1/deployment/allocations/" + id).json().get(0);
        assertThat(canary.at("/DeploymentStatus/Canary").asBoolean()).isTrue();
        assertThat(canary.at("/DeploymentStatus/Healthy").asBoolean()).isTrue();
        assertThat(sim.job("default", "web").orElseThrow().get("Stable").asBoolean()).isFalse();

        SimHttp.Response mismatch = http.post("/v1/deployment/promote/" + id, "{\"DeploymentID\":\"other\",\"All\":true}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body()).isEqualTo("Deployment ID does not match");

        SimHttp.Response promoted = http.post("/v1/deployment/promote/" + id,
                "{\"DeploymentID\":\"" + id + "\",\"All\":true}");
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(promoted.json().get("EvalID").asText()).isNotEmpty();
        assertThat(promoted.header("X-Nomad-Index")).isEqualTo(promoted.json().get("Index").asText());
        idle();
        JsonNode done = http.get("/v1/deployment/" + id).json();
        assertThat(done.get("Status").asText()).isEqualTo("successful");
        assertThat(done.at("/TaskGroups/web/Promoted").asBoolean()).isTrue();
        assertThat(done.at("/TaskGroups/web/HealthyAllocs").asLong()).isEqualTo(2);
        assertThat(http.get("/v1/deployment/allocations/" + id).json()).hasSize(2)
                .allSatisfy(a -> assertThat(a.at("/DeploymentStatus/Canary").asBoolean()).isFalse());
        assertThat(sim.job("default", "web").orElseThrow().get("Stable").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("deployment-promote: unhealthy canaries refuse promotion with the state store's multierror")
    void promotionNeedsHealthyCanaries() {
        register(canaryJob(false));
        idle();
        sim.deploymentRule(DeploymentRule.stayRunning());
        ObjectNode v1 = canaryJob(false);
        ((ObjectNode) v1.get("Meta")).put("VERSION", "2");
        register(v1);
        idle();
        String id = http.get("/v1/job/web/deployment").json().get("ID").asText();
        SimHttp.Response refused = http.post("/v1/deployment/promote/" + id,
                "{\"DeploymentID\":\"" + id + "\",\"Groups\":[\"web\"]}");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.body()).isEqualTo("1 error occurred:\n\t* Task group \"web\" has 0/1 healthy allocations\n\n");
    }

    @Test
    @DisplayName("deployment-promote: healthy canaries with auto_promote are promoted without a request")
    void autoPromoteCompletesTheDeployment() {
        register(canaryJob(true));
        idle();
        ObjectNode v1 = canaryJob(true);
        ((ObjectNode) v1.get("Meta")).put("VERSION", "2");
        register(v1);
        idle();
        JsonNode d = http.get("/v1/job/web/deployment").json();
        assertThat(d.get("JobVersion").asLong()).isEqualTo(1);
        assertThat(d.get("Status").asText()).isEqualTo("successful");
        assertThat(d.at("/TaskGroups/web/Promoted").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("deployment-fail: failing a running deployment by hand says so; a terminal one cannot be failed")
    void manualFail() {
        sim.deploymentRule(DeploymentRule.stayRunning());
        register(minimalJob("web", "1"));
        idle();
        String id = http.get("/v1/job/web/deployment").json().get("ID").asText();
        SimHttp.Response failed = http.post("/v1/deployment/fail/" + id, "");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("RevertedJobVersion").isNull()).isTrue();
        JsonNode d = http.get("/v1/deployment/" + id).json();
        assertThat(d.get("Status").asText()).isEqualTo("failed");
        assertThat(d.get("StatusDescription").asText()).isEqualTo("Deployment marked as failed");
        SimHttp.Response again = http.post("/v1/deployment/fail/" + id, "");
        assertThat(again.status()).isEqualTo(500);
        assertThat(again.body()).isEqualTo("can't fail terminal deployment");
    }

    /** Two allocations, canary 1: a changed version starts one canary next to the two old allocations. */
    private static ObjectNode canaryJob(boolean autoPromote) {
        ObjectNode job = minimalJob("web", "1");
        ObjectNode group = (ObjectNode) job.at("/TaskGroups/0");
        group.put("Count", 2);
        group.putObject("Update").put("Canary", 1).put("AutoPromote", autoPromote);
        return job;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
