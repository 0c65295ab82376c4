package dev.nomaddeployer.testbed.nomad;

import static dev.nomaddeployer.testbed.nomad.GoStruct.integer;
import static dev.nomaddeployer.testbed.nomad.GoStruct.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * `PUT /v1/job/:id/revert`: the HTTP handler's checks (command/agent/job_endpoint.go, jobRevert), then
 * Job.Revert (nomad/job_endpoint.go): submit-job, the current job and the wanted version must exist and
 * differ, EnforcePriorVersion, and finally a register of a copy of that version (VersionTag cleared,
 * Stable false) that goes through the same EnforceIndex, spec comparison and write as any register.
 */
final class JobReverter {
    /** structs.JobRevertRequest with its WriteRequest (the handler decodes the server struct). */
    static final GoStruct REVERT_REQUEST = new GoStruct("JobRevertRequest", List.of(
            str("JobID"), integer("JobVersion", "uint64"), integer("EnforcePriorVersion", "uint64"), str("Region"),
            str("Namespace"), str("AuthToken"), str("IdempotencyToken")));

    private final ClusterState state;
    private final Acl acl;
    private final Registrar registrar;

    JobReverter(ClusterState state, Acl acl, Registrar registrar) {
        this.state = state;
        this.acl = acl;
        this.registrar = registrar;
    }

    Registrar.Result revert(byte[] body, String pathJobId, String queryNamespace, String queryRegion,
                            String headerToken) {
        ObjectNode request = GoBodyDecoder.decode(body, REVERT_REQUEST);
        String jobId = request.path("JobID").asText("");
        if (jobId.isEmpty()) {
            throw NomadError.badRequest("JobID must be specified");
        }
        if (!jobId.equals(pathJobId)) {
            throw NomadError.badRequest("Job ID does not match");
        }
        // parseWriteRequest: the query wins over the body, then the defaults
        String namespace = JobPlanner.firstNonEmpty(queryNamespace, request.path("Namespace").asText(""), "default");
        Registrar.requireRegion(JobPlanner.firstNonEmpty(queryRegion, request.path("Region").asText(""),
                Registrar.AGENT_REGION));
        Acl.Token token = acl.authenticate(headerToken != null ? headerToken : request.path("AuthToken").asText(null));
        if (!token.allows(namespace, Acl.SUBMIT_JOB)) {
            throw NomadError.permissionDenied();
        }
        long wanted = request.path("JobVersion").asLong(0);
        synchronized (state) {
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
            boolean enforce = JobPlanner.isSet(request.get("EnforcePriorVersion"));
            if (enforce && current.version() != request.get("EnforcePriorVersion").asLong()) {
                throw NomadError.server("Current job has version " + current.version() + "; enforcing version "
                        + request.get("EnforcePriorVersion").asLong());
            }
            return registrar.registerStored(copy, token, enforce, current.job.get("JobModifyIndex").asLong());
        }
    }
}
