package dev.nomaddeployer.testbed.nomad.state;

import static dev.nomaddeployer.testbed.go.GoStruct.bool;
import static dev.nomaddeployer.testbed.go.GoStruct.str;
import static dev.nomaddeployer.testbed.go.GoStruct.struct;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.go.GoStruct;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.PlacementRule;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * `PUT /v1/job/:id/plan` (nomad-api.md#job-plan, #plan-response): the agent's checks, then Job.Plan: the
 * register's admission (defaults, validation, submit-job) and a dry run against one consistent read of the
 * state. Nothing is written: no version, no eval, no index moves.
 */
public final class JobPlanner {
    /** api.JobPlanRequest. */
    static final GoStruct PLAN_REQUEST = new GoStruct("JobPlanRequest", List.of(
            struct("Job", JobSchema.JOB), bool("Diff"), bool("PolicyOverride"), str("Region"), str("Namespace"),
            str("SecretID")));
    static final String SENTINEL_OVERRIDE = "sentinel-override";
    /** Go's zero time.Time: NextPeriodicLaunch of a job that is not periodic. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public record Result(ObjectNode response, long index) {
    }

    private final ClusterState state;
    private final Acl acl;
    private final Supplier<PlacementRule> placement;

    public JobPlanner(ClusterState state, Acl acl, Supplier<PlacementRule> placement) {
        this.state = state;
        this.acl = acl;
        this.placement = placement;
    }

    public Result plan(byte[] body, String pathJobId, String queryNamespace, String queryRegion, String headerToken) {
        ObjectNode request = RequestBody.decode(body, PLAN_REQUEST);
        if (!(request.get("Job") instanceof ObjectNode sent)) {
            throw NomadError.badRequest("Job must be specified");
        }
        if (!sent.has("ID")) {
            throw NomadError.badRequest("Job must have a valid ID");
        }
        if (!pathJobId.isEmpty() && !pathJobId.equals(sent.get("ID").asText())) {
            throw NomadError.badRequest("Job ID does not match");
        }
        JobAdmission admitted = JobAdmission.of(acl, request, sent, queryNamespace, queryRegion, headerToken);
        ObjectNode job = admitted.job();
        String namespace = admitted.namespace();
        // ApiJobToStructJob never copies it and Plan does not set it, so the comparison sees ""
        job.put("NomadTokenID", "");
        return state.read(() -> {
            admitted.check(state);
            if (request.path("PolicyOverride").asBoolean() && !admitted.token().allows(namespace, SENTINEL_OVERRIDE)) {
                throw NomadError.permissionDenied();
            }
            JobEntry existing = state.job(namespace, job.get("ID").asText());
            boolean changed = existing == null || JobCanonicalizer.specChanged(existing.job, job);
            Map<String, Map<String, Long>> desired = PlanAnnotations.desired(existing, job, changed);
            long index = existing == null ? 0 : existing.job.get("JobModifyIndex").asLong();
            ObjectNode response = GoJson.object();
            response.set("Annotations", PlanAnnotations.json(desired));
            ObjectNode failed = PlacementFailures.failed(placement.get(), job, desired);
            response.set("FailedTGAllocs", failed == null ? GoJson.NODES.nullNode() : failed);
            response.put("JobModifyIndex", index);
            if (failed == null) {
                response.putNull("CreatedEvals");
            } else {
                // the scheduler blocks an eval for the placements it could not make; the plan only reports it
                response.putArray("CreatedEvals").add(PlacementFailures.blockedEval(job, namespace, failed));
            }
            if (request.path("Diff").asBoolean()) {
                PlanDiff.Job diff = PlanDiff.diff(existing == null ? null : existing.job, job);
                response.set("Diff", PlanAnnotations.annotate(diff, desired).json());
            } else {
                response.putNull("Diff");
            }
            response.put("NextPeriodicLaunch", ZERO_TIME).put("Warnings", "").put("Index", index);
            return new Result(response, index);
        });
    }
}
