package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * The state changes shared by register, operator edits, deregister and auto-revert: storing a job
 * version, creating its evaluation, marking a version stable. Callers run inside one
 * {@link ClusterState#write}.
 */
public final class JobWrites {
    private final ClusterState state;

    public JobWrites(ClusterState state) {
        this.state = state;
    }

    /**
     * Stores {@code job} (canonical, namespace set) as version {@code version}; returns the new eval or
     * null for periodic/parameterized jobs. The job and its eval share the entry (nomad-api.md#raft-index).
     */
    ObjectNode storeVersion(ClusterState.Write w, ObjectNode job, long version, String triggeredBy,
                            long evalPriority, String eventType) {
        job.put("Stable", false).put("SubmitTime", GoJson.nowNanos());
        return store(w, job, version, eventType, stored -> newEval(w, stored, triggeredBy,
                evalPriority > 0 ? evalPriority : stored.get("Priority").asLong(), w.index));
    }

    /**
     * The deployment watcher's rollback: the stored stable version goes back in as it was (its
     * {@code Stable}, {@code SubmitTime} and {@code VersionTag} included, as upsertJobImpl only bumps the
     * version and indexes), with an eval that names the failed deployment and carries no JobModifyIndex.
     */
    ObjectNode storeRollback(ClusterState.Write w, ObjectNode stableVersion, long version, ObjectNode deployment,
                             long failedJobPriority) {
        long evalPriority = deployment.path("EvalPriority").asLong(0);
        long priority = evalPriority > 0 ? evalPriority : failedJobPriority;
        return store(w, stableVersion, version, "DeploymentStatusUpdate", stored -> {
            ObjectNode eval = newEval(w, stored, "deployment-watcher", priority, 0);
            eval.put("DeploymentID", deployment.get("ID").asText());
            return eval;
        });
    }

    private ObjectNode store(ClusterState.Write w, ObjectNode job, long version, String eventType,
                             java.util.function.Function<ObjectNode, ObjectNode> evalMaker) {
        JobKey key = new JobKey(job.get("Namespace").asText(), job.get("ID").asText());
        JobEntry entry = state.jobs().get(key);
        job.put("Version", version)
                .put("CreateIndex", entry == null ? w.index : entry.job.get("CreateIndex").asLong())
                .put("ModifyIndex", w.index).put("JobModifyIndex", w.index)
                .put("Status", entry == null ? "pending" : entry.job.get("Status").asText());
        if (entry == null) {
            entry = new JobEntry(job);
            entry.summary = JobStatus.newSummary(entry, w.index);
            state.jobs().put(key, entry);
            w.touch(ClusterState.SUMMARIES);
        } else {
            entry.job = job;
            ObjectNode summary = JobStatus.summary(entry);
            if (!summary.get("Summary").equals(entry.summary.get("Summary"))) {
                entry.summary.set("Summary", summary.get("Summary"));
                entry.summary.put("ModifyIndex", w.index);
                w.touch(ClusterState.SUMMARIES);
            }
        }
        ObjectNode eval = null;
        if (!entry.periodicOrParameterized()) {
            eval = evalMaker.apply(job);
        }
        job.put("Status", JobStatus.of(entry, state.evalsOf(key.namespace(), key.id())));
        entry.versions.add(0, job.deepCopy());
        trimVersions(entry);
        w.touch(ClusterState.JOBS);
        w.touch(ClusterState.VERSIONS);
        w.event("Job", eventType, key.id(), key.namespace(), null, "Job", job.deepCopy());
        if (eval != null) {
            evalEvent(w, eval, eventType);
        }
        return eval;
    }

    ObjectNode newEval(ClusterState.Write w, ObjectNode job, String triggeredBy, long priority,
                       long jobModifyIndex) {
        long now = GoJson.nowNanos();
        ObjectNode eval = GoJson.object().put("ID", UUID.randomUUID().toString())
                .put("Namespace", job.get("Namespace").asText()).put("Priority", priority)
                .put("Type", job.get("Type").asText()).put("TriggeredBy", triggeredBy)
                .put("JobID", job.get("ID").asText()).put("JobModifyIndex", jobModifyIndex)
                .put("DeploymentID", "").put("Status", "pending").put("StatusDescription", "");
        eval.putNull("QueuedAllocations");
        eval.put("SnapshotIndex", 0L).put("CreateIndex", w.index).put("ModifyIndex", w.index)
                .put("CreateTime", now).put("ModifyTime", now);
        state.addEval(eval);
        // the scheduler learns of the pending eval when this entry commits (Scheduler.queuePendingEvals)
        w.touch(ClusterState.EVALS);
        return eval;
    }

    static void evalEvent(ClusterState.Write w, ObjectNode eval, String eventType) {
        w.event("Evaluation", eventType, eval.get("ID").asText(), eval.get("Namespace").asText(),
                GoJson.NODES.arrayNode().add(eval.get("JobID").asText()).add(eval.get("DeploymentID").asText()),
                "Evaluation", omitEmpty(eval));
    }

    /** Evaluation carries `codec:",omitempty"`: zero values are left out (nomad-api.md#omitempty). */
    static ObjectNode omitEmpty(ObjectNode eval) {
        ObjectNode out = eval.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> it = out.fields();
        while (it.hasNext()) {
            JsonNode v = it.next().getValue();
            if (v.isNull() || (v.isTextual() && v.asText().isEmpty()) || (v.isNumber() && v.asLong() == 0)
                    || (v.isBoolean() && !v.asBoolean()) || (v.isContainerNode() && v.isEmpty())) {
                it.remove();
            }
        }
        return out;
    }

    /** nomad-api.md#deployment-status: a successful deployment marks its job version stable in the same entry. */
    void markStable(ClusterState.Write w, JobEntry entry, long version, String eventType) {
        String status = entry.job.get("Status").asText();
        for (ObjectNode v : entry.versions) {
            // updateJobStabilityImpl writes nothing when the version is already stable (a rolled-back copy)
            if (v.get("Version").asLong() == version && v.get("Stable").asBoolean()) {
                return;
            }
            if (v.get("Version").asLong() == version) {
                v.put("Stable", true).put("ModifyIndex", w.index).put("Status", status);
                w.touch(ClusterState.VERSIONS);
            }
        }
        if (entry.version() == version) {
            entry.job.put("Stable", true).put("ModifyIndex", w.index);
            w.touch(ClusterState.JOBS);
            w.event("Job", eventType, entry.id(), entry.namespace(), null, "Job", entry.job.deepCopy());
        }
    }

    /** Keeps `job_tracked_versions` untagged versions; tagged ones and the newest untagged stable one survive. */
    private void trimVersions(JobEntry entry) {
        // upsertJobVersion looks for the newest stable version among the untagged ones only
        ObjectNode newestStable = entry.versions.stream()
                .filter(v -> v.get("VersionTag").isNull() && v.get("Stable").asBoolean())
                .findFirst().orElse(null);
        long tagged = entry.versions.stream().filter(v -> !v.get("VersionTag").isNull()).count();
        while (entry.versions.size() > state.trackedVersions + tagged) {
            boolean removed = false;
            for (int i = entry.versions.size() - 1; i >= 0; i--) {
                ObjectNode v = entry.versions.get(i);
                if (v.get("VersionTag").isNull() && v != newestStable) {
                    entry.versions.remove(i);
                    removed = true;
                    break;
                }
            }
            if (!removed) {
                return;
            }
        }
    }
}
