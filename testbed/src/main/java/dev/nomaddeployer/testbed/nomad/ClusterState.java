package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The simulated Raft state: one global index, the tables Nomad's blocking queries watch, and every
 * object. All access is synchronized on this instance; each {@link #write} is one Raft entry, and
 * committing it wakes blocked readers and publishes one event frame.
 */
final class ClusterState {
    static final String JOBS = "jobs";
    static final String SUMMARIES = "job_summary";
    static final String VERSIONS = "job_version";
    static final String EVALS = "evals";
    static final String DEPLOYMENTS = "deployment";
    static final String ALLOCS = "allocs";

    private long index;
    private final Map<String, Long> tableIndexes = new HashMap<>();
    final TreeMap<JobKey, JobEntry> jobs = new TreeMap<>();
    final Map<String, ObjectNode> evals = new LinkedHashMap<>();
    final Map<String, ObjectNode> deployments = new LinkedHashMap<>();
    final TreeSet<String> namespaces = new TreeSet<>(List.of("default"));
    final EventBroker events = new EventBroker();
    final int trackedVersions;

    ClusterState(int trackedVersions) {
        this.trackedVersions = trackedVersions;
    }

    /** One Raft entry being built. Nothing is committed unless some table was touched. */
    final class Write {
        final long index;
        private final List<NomadEvent> pending = new ArrayList<>();
        private boolean touched;

        private Write(long index) {
            this.index = index;
        }

        void touch(String table) {
            tableIndexes.put(table, index);
            touched = true;
        }

        void event(String topic, String type, String key, String namespace, JsonNode filterKeys,
                   String payloadName, ObjectNode payload) {
            pending.add(new NomadEvent(topic, type, key, namespace, filterKeys, index, payloadName, payload));
        }
    }

    synchronized <T> T write(Function<Write, T> body) {
        Write w = new Write(index + 1);
        T result = body.apply(w);
        if (w.touched) {
            index = w.index;
            if (!w.pending.isEmpty()) {
                events.publish(new EventBroker.Frame(w.index, List.copyOf(w.pending)));
            }
            notifyAll();
        }
        return result;
    }

    synchronized long index() {
        return index;
    }

    /** Setting up a namespace is not a job write, but it does consume an index like any Raft entry. */
    synchronized void addNamespace(String name) {
        if (namespaces.add(name)) {
            index++;
            notifyAll();
        }
    }

    synchronized long tableIndex(String... tables) {
        long max = 0;
        for (String t : tables) {
            max = Math.max(max, tableIndexes.getOrDefault(t, 0L));
        }
        // state.Index of a table never written is 0, and the read endpoints pass that through as is
        return max;
    }

    synchronized JobEntry job(String namespace, String id) {
        return jobs.get(new JobKey(namespace, id));
    }

    synchronized List<ObjectNode> evalsOf(String namespace, String jobId) {
        return evals.values().stream()
                .filter(e -> e.get("Namespace").asText().equals(namespace) && e.get("JobID").asText().equals(jobId))
                .toList();
    }

    synchronized List<ObjectNode> deploymentsOf(String namespace, String jobId) {
        return deployments.values().stream()
                .filter(d -> d.get("Namespace").asText().equals(namespace) && d.get("JobID").asText().equals(jobId))
                .toList();
    }

    /** Recomputes status and summary after a write that may have moved them (rules 45 and 52). */
    void refreshJob(Write w, JobEntry entry, String eventType) {
        String status = JobStatus.of(entry, evalsOf(entry.namespace(), entry.id()));
        if (!status.equals(entry.job.get("Status").asText())) {
            entry.job.put("Status", status).put("ModifyIndex", w.index);
            w.touch(JOBS);
            w.event("Job", eventType, entry.id(), entry.namespace(), null, "Job", entry.job.deepCopy());
        }
        ObjectNode summary = JobStatus.summary(entry);
        if (!summary.get("Summary").equals(entry.summary.get("Summary"))) {
            entry.summary.set("Summary", summary.get("Summary"));
            entry.summary.put("ModifyIndex", w.index);
            w.touch(SUMMARIES);
        }
    }
}
