package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * nomad-api.md#modify-index-moves and #evaluations to #stop-periodic-parameterized: evaluations, deployments
 * and job status driven by the simulated scheduler.
 */
class SchedulerConformanceTest extends SimTestBase {

    @Test
    @DisplayName("modify-index-moves: status change and deployment success move ModifyIndex, not JobModifyIndex or Version")
    void statusAndStabilityMoveOnlyModifyIndex() {
        JsonNode r = register(minimalJob("web", "1")).json();
        idle();
        JsonNode job = sim.job("default", "web").orElseThrow();
        assertThat(job.get("Status").asText()).isEqualTo("running");
        assertThat(job.get("Stable").asBoolean()).isTrue();
        assertThat(job.get("ModifyIndex").asLong()).isGreaterThan(r.get("Index").asLong());
        assertThat(job.get("JobModifyIndex").asLong()).isEqualTo(r.get("Index").asLong());
        assertThat(job.get("Version").asLong()).isZero();
    }

    @Test
    @DisplayName("evaluations: register creates a pending job-register eval, later complete; EvalPriority only on the eval")
    void evaluationLifecycle() {
        frozenScheduler();
        JsonNode r = http.post("/v1/jobs", "{\"EvalPriority\":90,\"Job\":" + minimalJob("web", "1") + "}").json();
        JsonNode pending = http.get("/v1/evaluation/" + r.get("EvalID").asText()).json();
        assertThat(pending.get("Status").asText()).isEqualTo("pending");
        assertThat(pending.get("TriggeredBy").asText()).isEqualTo("job-register");
        assertThat(pending.get("Priority").asInt()).isEqualTo(90);
        assertThat(pending.get("JobModifyIndex").asLong()).isEqualTo(r.get("Index").asLong());
        assertThat(sim.job("default", "web").orElseThrow().get("Priority").asInt()).isEqualTo(50);
        sim.stop();
        sim = builder().build().start();
        http = new SimHttp(sim);
        JsonNode second = register(minimalJob("web", "1")).json();
        idle();
        JsonNode complete = http.get("/v1/evaluation/" + second.get("EvalID").asText()).json();
        assertThat(complete.get("Status").asText()).isEqualTo("complete");
        assertThat(complete.get("DeploymentID").asText()).isNotEmpty();
        assertThat(complete.get("QueuedAllocations").toString()).isEqualTo("{\"web\":0}");
    }

    @Test
    @DisplayName("evaluations and deployments belong to one job: the same ID in another namespace keeps its own,"
            + " and those of a purged job stay with its ID when it is registered again")
    void evaluationsAndDeploymentsAreKeptPerJob() {
        sim.createNamespace("staging");
        register(minimalJob("web", "1"));
        http.post("/v1/job/web?namespace=staging", body(minimalJob("web", "1").put("Namespace", "staging")));
        register(minimalJob("api", "1"));
        idle();
        assertThat(http.send("DELETE", "/v1/job/web?purge=true", null).status()).isEqualTo(200);
        idle();
        register(minimalJob("web", "2"));
        idle();

        JsonNode evals = http.get("/v1/job/web/evaluations").json();
        assertThat(evals).allSatisfy(e -> {
            assertThat(e.get("JobID").asText()).isEqualTo("web");
            assertThat(e.get("Namespace").asText()).isEqualTo("default");
        });
        assertThat(evals).extracting(e -> e.get("TriggeredBy").asText())
                .containsExactlyInAnyOrder("job-register", "job-deregister", "job-register");
        assertThat(http.get("/v1/job/web/evaluations?namespace=staging").json()).hasSize(1);
        assertThat(sim.deployments("default", "web")).hasSize(2)
                .allSatisfy(d -> assertThat(d.get("JobID").asText()).isEqualTo("web"));
        assertThat(sim.deployments("staging", "web")).hasSize(1);
    }

    @Test
    @DisplayName("deployment-create: a service job gets a running deployment after the register; a batch job none")
    void deploymentCreation() {
        sim.deploymentRule(DeploymentRule.stayRunning());
        JsonNode r = register(minimalJob("web", "1")).json();
        assertThat(r.has("DeploymentID")).isFalse();
        idle();
        JsonNode d = http.get("/v1/job/web/deployment").json();
        assertThat(d.get("Status").asText()).isEqualTo("running");
        assertThat(d.get("StatusDescription").asText()).isEqualTo("Deployment is running");
        assertThat(d.get("CreateIndex").asLong()).isGreaterThan(r.get("Index").asLong());
        register(minimalJob("worker", "1").put("Type", "batch"));
        idle();
        assertThat(http.get("/v1/job/worker/deployment").body()).isEqualTo("null");
    }

    @Test
    @DisplayName("deployment-status: successful deployment and the version's Stable flag share one index")
    void successMarksVersionStableInSameIndex() {
        register(minimalJob("web", "1"));
        idle();
        JsonNode d = http.get("/v1/job/web/deployment").json();
        assertThat(d.get("Status").asText()).isEqualTo("successful");
        assertThat(d.get("StatusDescription").asText()).isEqualTo("Deployment completed successfully");
        JsonNode version = http.get("/v1/job/web/versions").json().at("/Versions/0");
        assertThat(version.get("Stable").asBoolean()).isTrue();
        assertThat(version.get("ModifyIndex").asLong()).isEqualTo(d.get("ModifyIndex").asLong());
    }

    @Test
    @DisplayName("deployment-status: a failing version with auto_revert rolls back to the last stable version")
    void failedDeploymentRollsBack() {
        ObjectNode v0 = minimalJob("web", "1.0");
        // without a progress deadline the watcher fails on the first unhealthy allocation (shouldFailEarly)
        ((ObjectNode) v0.at("/TaskGroups/0")).putObject("Update").put("AutoRevert", true).put("ProgressDeadline", 0);
        register(v0);
        idle();
        sim.deploymentRule(DeploymentRule.failWhenMeta("VERSION", "1.1"));
        ObjectNode v1 = v0.deepCopy();
        ((ObjectNode) v1.get("Meta")).put("VERSION", "1.1");
        register(v1);
        idle();
        JsonNode failed = http.get("/v1/job/web/deployments").json();
        JsonNode v1Deployment = null;
        for (JsonNode d : failed) {
            if (d.get("JobVersion").asInt() == 1) {
                v1Deployment = d;
            }
        }
        assertThat(v1Deployment.get("Status").asText()).isEqualTo("failed");
        assertThat(v1Deployment.get("StatusDescription").asText())
                .isEqualTo("Failed due to unhealthy allocations - rolling back to job version 0");
        JsonNode job = sim.job("default", "web").orElseThrow();
        assertThat(job.get("Version").asInt()).isEqualTo(2);
        assertThat(job.at("/Meta/VERSION").asText()).isEqualTo("1.0");
    }

    @Test
    @DisplayName("deployment-status: failure without auto_revert only fails the deployment")
    void failedDeploymentWithoutAutoRevert() {
        sim.deploymentRule(DeploymentRule.failWhen(job -> true));
        ObjectNode job = minimalJob("web", "1");
        ((ObjectNode) job.at("/TaskGroups/0")).putObject("Update").put("ProgressDeadline", 0);
        register(job);
        idle();
        JsonNode d = http.get("/v1/job/web/deployment").json();
        assertThat(d.get("Status").asText()).isEqualTo("failed");
        assertThat(d.get("StatusDescription").asText()).isEqualTo("Failed due to unhealthy allocations");
    }

    @Test
    @DisplayName("deployment-status: with a progress deadline and rescheduling left, an unhealthy version fails on the deadline")
    void unhealthyVersionWithProgressDeadlineFailsOnTheDeadline() {
        sim.deploymentRule(DeploymentRule.failWhen(job -> true));
        register(minimalJob("web", "1"));
        idle();
        JsonNode d = http.get("/v1/job/web/deployment").json();
        assertThat(d.get("Status").asText()).isEqualTo("failed");
        assertThat(d.get("StatusDescription").asText()).isEqualTo("Failed due to progress deadline");
    }

    @Test
    @DisplayName("deployment-cancel: a newer version cancels the active deployment; Stop cancels with its own text")
    void newerVersionAndStopCancelDeployments() {
        sim.deploymentRule(DeploymentRule.stayRunning());
        register(minimalJob("web", "1"));
        idle();
        String first = http.get("/v1/job/web/deployment").json().get("ID").asText();
        register(minimalJob("web", "2"));
        idle();
        JsonNode cancelled = http.get("/v1/deployment/" + first).json();
        assertThat(cancelled.get("Status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("StatusDescription").asText()).isEqualTo("Cancelled due to newer version of job");
        String second = http.get("/v1/job/web/deployment").json().get("ID").asText();
        register(minimalJob("web", "2").put("Stop", true));
        idle();
        assertThat(http.get("/v1/deployment/" + second).json().get("StatusDescription").asText())
                .isEqualTo("Cancelled because job is stopped");
    }

    @Test
    @DisplayName("job-status: service job pending -> running -> dead when stopped; periodic job running at once")
    void statusProgression() {
        register(minimalJob("web", "1"));
        // the register's own write: reading the version afterwards races the 1 ms scheduler
        assertThat(sim.registrations().get(0).job().get("Status").asText()).isEqualTo("pending");
        idle();
        assertThat(sim.job("default", "web").orElseThrow().get("Status").asText()).isEqualTo("running");
        http.send("DELETE", "/v1/job/web", null);
        idle();
        assertThat(sim.job("default", "web").orElseThrow().get("Status").asText()).isEqualTo("dead");
        ObjectNode periodic = minimalJob("nightly", "1").put("Type", "batch");
        periodic.putObject("Periodic").put("Spec", "0 3 * * *");
        register(periodic);
        assertThat(sim.job("default", "nightly").orElseThrow().get("Status").asText()).isEqualTo("running");
    }

    @Test
    @DisplayName("stop-periodic-parameterized: Stop true is a new version; parameterized register has no eval")
    void stopIsNewVersionAndParameterizedHasNoEval() {
        register(minimalJob("web", "1"));
        register(minimalJob("web", "1").put("Stop", true));
        assertThat(sim.versions("default", "web")).hasSize(2);
        ObjectNode dispatch = minimalJob("task", "1").put("Type", "batch");
        dispatch.putObject("ParameterizedJob");
        JsonNode r = register(dispatch).json();
        assertThat(r.get("EvalID").asText()).isEmpty();
        assertThat(r.get("EvalCreateIndex").asLong()).isZero();
    }

    @Test
    @DisplayName("deployment-status: the rolled-back version is the stable copy as stored: Stable, VersionTag and SubmitTime kept")
    void rollbackCopiesStableVersionAsStored() {
        ObjectNode v0 = minimalJob("web", "1.0");
        ((ObjectNode) v0.at("/TaskGroups/0")).putObject("Update").put("AutoRevert", true);
        v0.putObject("VersionTag").put("Name", "good").put("Description", "").put("TaggedTime", 0);
        register(v0);
        idle();
        long v0SubmitTime = sim.versions("default", "web").get(0).get("SubmitTime").asLong();
        sim.deploymentRule(DeploymentRule.failWhenMeta("VERSION", "1.1"));
        ObjectNode v1 = v0.deepCopy();
        v1.putNull("VersionTag");
        ((ObjectNode) v1.get("Meta")).put("VERSION", "1.1");
        register(v1);
        idle();
        JsonNode reverted = sim.job("default", "web").orElseThrow();
        assertThat(reverted.get("Version").asInt()).isEqualTo(2);
        assertThat(reverted.get("Stable").asBoolean()).isTrue();
        assertThat(reverted.at("/VersionTag/Name").asText()).isEqualTo("good");
        assertThat(reverted.get("SubmitTime").asLong()).isEqualTo(v0SubmitTime);
        // its DeploymentID (the failed deployment when written) is replaced by the scheduler's setStatus
        JsonNode watcherEval = null;
        for (JsonNode e : http.get("/v1/job/web/evaluations").json()) {
            if (e.get("TriggeredBy").asText().equals("deployment-watcher")) {
                watcherEval = e;
            }
        }
        assertThat(watcherEval.has("JobModifyIndex")).isFalse();
    }
}
