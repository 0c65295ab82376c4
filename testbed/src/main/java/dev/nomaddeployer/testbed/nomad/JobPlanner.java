package dev.nomaddeployer.testbed.nomad;

import static dev.nomaddeployer.testbed.nomad.GoStruct.bool;
import static dev.nomaddeployer.testbed.nomad.GoStruct.str;
import static dev.nomaddeployer.testbed.nomad.GoStruct.struct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `PUT /v1/job/:id/plan`: the HTTP handler's checks (command/agent/job_endpoint.go, jobPlan), then
 * Job.Plan (nomad/job_endpoint.go): admission (defaults, validation), submit-job, and a dry run against
 * the current state. Nothing is written: no version, no eval, no index moves.
 */
final class JobPlanner {
    /** api.JobPlanRequest. */
    static final GoStruct PLAN_REQUEST = new GoStruct("JobPlanRequest", List.of(
            struct("Job", JobSchema.JOB), bool("Diff"), bool("PolicyOverride"), str("Region"), str("Namespace"),
            str("SecretID")));
    static final String SENTINEL_OVERRIDE = "sentinel-override";
    /** Go's zero time.Time: NextPeriodicLaunch of a job that is not periodic. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    record Result(ObjectNode response, long index) {
    }

    private final ClusterState state;
    private final Acl acl;

    JobPlanner(ClusterState state, Acl acl) {
        this.state = state;
        this.acl = acl;
    }

    Result plan(byte[] body, String pathJobId, String queryNamespace, String queryRegion, String headerToken) {
        ObjectNode request = GoBodyDecoder.decode(body, PLAN_REQUEST);
        if (!(request.get("Job") instanceof ObjectNode sent)) {
            throw NomadError.badRequest("Job must be specified");
        }
        if (!sent.has("ID")) {
            throw NomadError.badRequest("Job must have a valid ID");
        }
        if (!pathJobId.isEmpty() && !pathJobId.equals(sent.get("ID").asText())) {
            throw NomadError.badRequest("Job ID does not match");
        }
        Registrar.requireRegion(firstNonEmpty(queryRegion, request.path("Region").asText(""),
                sent.path("Region").asText(""), Registrar.AGENT_REGION));
        String namespace = firstNonEmpty(queryNamespace, request.path("Namespace").asText(""),
                sent.path("Namespace").asText(""), "default");
        Acl.Token token = acl.authenticate(headerToken != null ? headerToken : request.path("SecretID").asText(null));
        ObjectNode job = JobCanonicalizer.canonicalize(sent, namespace, Registrar.AGENT_REGION);
        // ApiJobToStructJob never copies it and Plan does not set it, so the comparison sees ""
        job.put("NomadTokenID", "");
        synchronized (state) {
            List<String> errors = new ArrayList<>();
            if (!state.namespaces.contains(namespace)) {
                errors.add("job \"" + job.get("ID").asText() + "\" is in nonexistent namespace \"" + namespace + "\"");
            }
            errors.addAll(JobCanonicalizer.validate(job));
            if (!errors.isEmpty()) {
                throw NomadError.multi(errors);
            }
            if (!token.allows(namespace, Acl.SUBMIT_JOB)
                    || (request.path("PolicyOverride").asBoolean() && !token.allows(namespace, SENTINEL_OVERRIDE))) {
                throw NomadError.permissionDenied();
            }
            JobEntry existing = state.job(namespace, job.get("ID").asText());
            boolean changed = existing == null || JobCanonicalizer.specChanged(existing.job, job);
            Map<String, Map<String, Long>> desired = PlanAnnotations.desired(existing, job, changed);
            long index = existing == null ? 0 : existing.job.get("JobModifyIndex").asLong();
            ObjectNode response = GoJson.object();
            response.set("Annotations", PlanAnnotations.json(desired));
            response.putNull("FailedTGAllocs"); // the simulated cluster has room for every placement
            response.put("JobModifyIndex", index);
            response.putNull("CreatedEvals");
            if (request.path("Diff").asBoolean()) {
                PlanDiff.Job diff = PlanDiff.diff(existing == null ? null : existing.job, job);
                response.set("Diff", PlanAnnotations.annotate(diff, desired).json());
            } else {
                response.putNull("Diff");
            }
            response.put("NextPeriodicLaunch", ZERO_TIME).put("Warnings", "").put("Index", index);
            return new Result(response, index);
        }
    }

    static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    static boolean isSet(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }
}
