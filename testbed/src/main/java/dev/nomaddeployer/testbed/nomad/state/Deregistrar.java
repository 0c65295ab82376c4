package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;

/** `DELETE /v1/job/:id` (nomad-api.md#deregister): a stop is a new version with Stop true; purge removes the job. */
public final class Deregistrar {
    private final ClusterState state;
    private final JobWrites writes;

    public Deregistrar(ClusterState state, JobWrites writes) {
        this.state = state;
        this.writes = writes;
    }

    public ObjectNode deregister(String namespace, String jobId, boolean purge) {
        return state.transaction(() -> {
            JobEntry entry = state.job(namespace, jobId);
            if (entry == null) {
                return response("", 0, 0, 0);
            }
            return state.write(w -> {
                ObjectNode eval;
                if (purge) {
                    state.jobs().remove(new JobKey(namespace, jobId));
                    w.touch(ClusterState.JOBS);
                    w.touch(ClusterState.SUMMARIES);
                    w.touch(ClusterState.VERSIONS);
                    w.jobDeleted("JobDeregistered", jobId, namespace, entry.job.deepCopy());
                    eval = writes.newEval(w, entry.job, "job-deregister", entry.job.get("Priority").asLong(), w.index);
                    JobWrites.evalEvent(w, eval, "JobDeregistered");
                } else {
                    ObjectNode stopped = entry.job.deepCopy().put("Stop", true);
                    eval = writes.storeVersion(w, stopped, entry.version() + 1, "job-deregister", 0,
                            "JobDeregistered");
                }
                return response(eval == null ? "" : eval.get("ID").asText(), eval == null ? 0 : w.index, w.index,
                        w.index);
            });
        });
    }

    private static ObjectNode response(String evalId, long evalIndex, long jobModifyIndex, long index) {
        return GoJson.object().put("EvalID", evalId).put("EvalCreateIndex", evalIndex)
                .put("JobModifyIndex", jobModifyIndex).put("VolumeEvalID", "").put("VolumeEvalIndex", 0L)
                .put("Index", index).put("LastContact", 0L).put("KnownLeader", false).put("NextToken", "");
    }
}
