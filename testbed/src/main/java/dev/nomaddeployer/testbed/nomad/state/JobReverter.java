package dev.nomaddeployer.testbed.nomad.state;

import static dev.nomaddeployer.testbed.go.GoStruct.integer;
import static dev.nomaddeployer.testbed.go.GoStruct.str;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoStruct;
import dev.nomaddeployer.testbed.nomad.Acl;
import java.util.List;

/**
 * `PUT /v1/job/:id/revert` (nomad-api.md#job-revert): the agent's checks, then Job.Revert: submit-job, the
 * current job and the wanted version must exist and differ, EnforcePriorVersion, and finally Job.Register of a
 * copy of that version (VersionTag cleared, Stable false), all in one transaction so that the version checked
 * is the version replaced.
 */
public final class JobReverter {
    /** structs.JobRevertRequest with its WriteRequest (the handler decodes the server struct). */
    static final GoStruct REVERT_REQUEST = new GoStruct("JobRevertRequest", List.of(
            str("JobID"), integer("JobVersion", "uint64"), integer("EnforcePriorVersion", "uint64"), str("Region"),
            str("Namespace"), str("AuthToken"), str("IdempotencyToken")));

    private final ClusterState state;
    private final Acl acl;
    private final Registrar registrar;

    public JobReverter(ClusterState state, Acl acl, Registrar registrar) {
        this.state = state;
        this.acl = acl;
        this.registrar = registrar;
    }

    public Registrar.Result revert(byte[] body, String pathJobId, String queryNamespace, String queryRegion,
                                   String headerToken) {
        ObjectNode request = RequestBody.decode(body, REVERT_REQUEST);
        String jobId = request.path("JobID").asText("");
        if (jobId.isEmpty()) {
            throw NomadError.badRequest("JobID must be specified");
        }
        if (!jobId.equals(pathJobId)) {
            throw NomadError.badRequest("Job ID does not match");
        }
        // parseWriteRequest: the query wins over the body, then the defaults
        String namespace = JobAdmission.firstNonEmpty(queryNamespace, request.path("Namespace").asText(""), "default");
        Registrar.requireRegion(JobAdmission.firstNonEmpty(queryRegion, request.path("Region").asText(""),
                Registrar.AGENT_REGION));
        String secret = headerToken != null ? headerToken : request.path("AuthToken").asText(null);
        Acl.Token token = acl.resolve(secret).orElseThrow(NomadError::permissionDenied);
        if (!token.allows(namespace, Acl.SUBMIT_JOB)) {
            throw NomadError.permissionDenied();
        }
        long wanted = request.path("JobVersion").asLong(0);
        JsonNode prior = request.get("EnforcePriorVersion");
        return state.transaction(() -> {
            JobEntry current = state.job(namespace, jobId);
            if (current == null) {
                throw NomadError.server("job \"" + jobId + "\" not found");
            }
            if (wanted == current.version()) {
                throw NomadError.server("can't revert to current version");
            }
            ObjectNode version = current.versions.stream().filter(v -> v.get("Version").asLong() == wanted)
                    .findFirst().orElseThrow(() -> NomadError.server("job \"" + jobId + "\" in namespace \""
                            + namespace + "\" at version " + wanted + " not found"));
            ObjectNode copy = version.deepCopy();
            // a revert is a new registration: no tag to duplicate, and a deployment still to prove it stable
            copy.putNull("VersionTag");
            copy.put("Stable", false);
            boolean enforce = prior != null && !prior.isNull();
            if (enforce && current.version() != prior.asLong()) {
                throw NomadError.server("Current job has version " + current.version() + "; enforcing version "
                        + prior.asLong());
            }
            return registrar.registerVersion(copy, token,
                    enforce ? current.job.get("JobModifyIndex").asLong() : null);
        });
    }
}
