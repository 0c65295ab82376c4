package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The simulated Raft state: one global index, the tables Nomad's blocking queries watch, and every
 * object. This class owns the one lock that guards all of it: {@link #read}, {@link #transaction} and {@link #write} take it,
 * the tables are reachable only through accessors that refuse to run without it, and nothing else
 * synchronizes on the state. Each {@link #write} is one Raft entry; committing it wakes blocked readers,
 * publishes one event frame and tells the commit listeners (the scheduler) what was written.
 */
public final class ClusterState {
    static final String JOBS = "jobs";
    static final String SUMMARIES = "job_summary";
    static final String VERSIONS = "job_version";
    static final String EVALS = "evals";
    static final String DEPLOYMENTS = "deployment";
    static final String ALLOCS = "allocs";

    private final Object lock = new Object();
    private long index;
    private final Map<String, Long> tableIndexes = new HashMap<>();
    private final TreeMap<JobKey, JobEntry> jobs = new TreeMap<>();
    private final Map<String, ObjectNode> evals = new LinkedHashMap<>();
    private final Map<String, ObjectNode> deployments = new LinkedHashMap<>();
    /*
     * Nomad's memdb indexes evals and deployments by job (the "job_prefix" and "job" indexes that
     * StateStore.EvalsByJob and DeploymentsByJobID read). Scanning every eval instead made each step of the
     * scheduler O(evals in the cluster) under the one lock, so at 10,000 jobs the simulator, not the service
     * under test, set every latency.
     */
    private final Map<JobKey, List<ObjectNode>> evalsByJob = new HashMap<>();
    private final Map<JobKey, List<ObjectNode>> deploymentsByJob = new HashMap<>();
    /* the allocs table's "deployment" index (StateStore.AllocsByDeployment); allocations live in their JobEntry */
    private final Map<String, List<Alloc>> allocsByDeployment = new HashMap<>();
    private final TreeSet<String> namespaces = new TreeSet<>(List.of("default"));
    private final EventBroker events = new EventBroker();
    private final List<Consumer<EventBroker.Frame>> commitListeners = new CopyOnWriteArrayList<>();
    final int trackedVersions;

    public ClusterState(int trackedVersions) {
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

        /** The job left the jobs table: its event carries its last state and {@code Deleted}. */
        void jobDeleted(String type, String key, String namespace, ObjectNode job) {
            pending.add(new NomadEvent("Job", type, key, namespace, null, index, "Job", job, true));
        }
    }

    /** Runs {@code body} holding the state's lock, so it sees one consistent state. */
    public <T> T read(Supplier<T> body) {
        synchronized (lock) {
            return body.get();
        }
    }

    /**
     * Runs checks and {@link #write}s as one sequence under the state's lock: nobody else's change can come
     * between a check and the writes that depend on it. Each write inside is still its own Raft entry.
     */
    <T> T transaction(Supplier<T> body) {
        synchronized (lock) {
            return body.get();
        }
    }

    /** Runs {@code body} as one Raft entry under the state's lock. */
    <T> T write(Function<Write, T> body) {
        synchronized (lock) {
            Write w = new Write(index + 1);
            T result = body.apply(w);
            if (w.touched) {
                index = w.index;
                EventBroker.Frame frame = new EventBroker.Frame(w.index, List.copyOf(w.pending));
                if (!w.pending.isEmpty()) {
                    events.publish(frame);
                }
                commitListeners.forEach(l -> l.accept(frame));
                lock.notifyAll();
            }
            return result;
        }
    }

    /**
     * A blocking query: runs {@code read} under the lock until {@code done} accepts its answer or
     * {@code deadlineNanos} (a {@link System#nanoTime} value) passes; every committed write wakes it to
     * read again. The last answer is returned either way.
     */
    public <T> T readUntil(Supplier<T> read, Predicate<T> done, long deadlineNanos) {
        synchronized (lock) {
            while (true) {
                T answer = read.get();
                long left = deadlineNanos - System.nanoTime();
                if (done.test(answer) || left <= 0) {
                    return answer;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return answer;
                }
            }
        }
    }

    /** Called, under the lock, with every committed entry (its frame holds all events, filtered by nobody). */
    void onCommit(Consumer<EventBroker.Frame> listener) {
        commitListeners.add(listener);
    }

    public long index() {
        synchronized (lock) {
            return index;
        }
    }

    /** Setting up a namespace is not a job write, but it does consume an index like any Raft entry. */
    public void addNamespace(String name) {
        synchronized (lock) {
            if (namespaces.add(name)) {
                index++;
                lock.notifyAll();
            }
        }
    }

    /** A copy of the namespace names, in order. */
    public List<String> namespaceNames() {
        synchronized (lock) {
            return List.copyOf(namespaces);
        }
    }

    /** Replays buffered frames from {@code fromIndex} (0 = all held), then delivers live ones. */
    public EventSubscription subscribe(long fromIndex, Predicate<NomadEvent> filter) {
        return events.subscribe(fromIndex, filter);
    }

    /** Ends every open event stream, as a server shutdown does. */
    public void closeStreams() {
        events.closeAll();
    }

    /**
     * Nomad replaces its state store when it restores a snapshot: the old store's event broker is stopped (every
     * stream ends) and the new one starts with an empty buffer, while the Raft index carries on
     * (nomad-api.md#event-stream-ends).
     */
    public void replaceEventBroker() {
        synchronized (lock) {
            events.closeAll();
            events.clear();
        }
    }

    long tableIndex(String... tables) {
        requireLocked();
        long max = 0;
        for (String t : tables) {
            max = Math.max(max, tableIndexes.getOrDefault(t, 0L));
        }
        // state.Index of a table never written is 0, and the read endpoints pass that through as is
        return max;
    }

    TreeMap<JobKey, JobEntry> jobs() {
        requireLocked();
        return jobs;
    }

    /** Read-only: {@link #addEval} writes, so that the by-job index cannot fall behind. */
    Map<String, ObjectNode> evals() {
        requireLocked();
        return Collections.unmodifiableMap(evals);
    }

    /** Read-only: {@link #addDeployment} writes, so that the by-job index cannot fall behind. */
    Map<String, ObjectNode> deployments() {
        requireLocked();
        return Collections.unmodifiableMap(deployments);
    }

    void addEval(ObjectNode eval) {
        requireLocked();
        evals.put(eval.get("ID").asText(), eval);
        evalsByJob.computeIfAbsent(jobKeyOf(eval), k -> new ArrayList<>()).add(eval);
    }

    void addDeployment(ObjectNode deployment) {
        requireLocked();
        deployments.put(deployment.get("ID").asText(), deployment);
        deploymentsByJob.computeIfAbsent(jobKeyOf(deployment), k -> new ArrayList<>()).add(deployment);
    }

    /** Places {@code alloc} in its job's entry and, when it belongs to a deployment, in the by-deployment index. */
    void addAlloc(JobEntry entry, Alloc alloc) {
        requireLocked();
        entry.allocs.add(alloc);
        if (!alloc.deploymentId.isEmpty()) {
            allocsByDeployment.computeIfAbsent(alloc.deploymentId, k -> new ArrayList<>()).add(alloc);
        }
    }

    /** The deployment's allocations in the order they were placed. */
    List<Alloc> allocsOf(String deploymentId) {
        requireLocked();
        return List.copyOf(allocsByDeployment.getOrDefault(deploymentId, List.of()));
    }

    private static JobKey jobKeyOf(ObjectNode object) {
        return new JobKey(object.get("Namespace").asText(), object.get("JobID").asText());
    }

    /** True while {@code entry} is the job the jobs table holds under its key (not purged, not replaced). */
    boolean isCurrent(JobEntry entry) {
        return jobs().get(new JobKey(entry.namespace(), entry.id())) == entry;
    }

    boolean hasNamespace(String name) {
        requireLocked();
        return namespaces.contains(name);
    }

    JobEntry job(String namespace, String id) {
        return jobs().get(new JobKey(namespace, id));
    }

    /** The job's evals in the order they were created. */
    List<ObjectNode> evalsOf(String namespace, String jobId) {
        requireLocked();
        return List.copyOf(evalsByJob.getOrDefault(new JobKey(namespace, jobId), List.of()));
    }

    /** The job's deployments in the order they were created. */
    List<ObjectNode> deploymentsOf(String namespace, String jobId) {
        requireLocked();
        return List.copyOf(deploymentsByJob.getOrDefault(new JobKey(namespace, jobId), List.of()));
    }

    /** Recomputes status and summary after a write that may have moved them (nomad-api.md#modify-index-moves, #job-status). */
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

    private void requireLocked() {
        if (!Thread.holdsLock(lock)) {
            throw new IllegalStateException("cluster state used outside ClusterState.read/write");
        }
    }
}
