package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.DeploymentRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Nomad's scheduler, clients and deployment watcher. After each step delay one Raft
 * entry is written: plan (allocations, deployment, cancelled deployments), eval complete, allocations
 * running/healthy, deployment successful or failed (nomad-api.md#evaluations to #job-status). Steps run one
 * at a time on a single thread, so a test sees the same sequence a cluster produces.
 *
 * <p>Like Nomad's eval broker, it learns of work from the state itself: every committed entry that writes
 * an evaluation with status {@code pending} queues that eval. Whoever writes an eval (register, deregister,
 * the auto-revert below) therefore needs no reference to the scheduler.
 */
public final class Scheduler {
    private final ClusterState state;
    private final JobWrites writes;
    private final ScheduledExecutorService executor;
    private final Object idle = new Object();
    private int pending;
    private volatile Duration stepDelay;
    private volatile DeploymentRule rule = DeploymentRule.succeedAll();

    public Scheduler(ClusterState state, JobWrites writes, Duration stepDelay) {
        this.state = state;
        this.writes = writes;
        this.stepDelay = stepDelay;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nomad-sim-scheduler");
            t.setDaemon(true);
            return t;
        });
        state.onCommit(this::queuePendingEvals);
    }

    public void rule(DeploymentRule rule) {
        this.rule = rule;
    }

    private void queuePendingEvals(EventBroker.Frame entry) {
        for (NomadEvent event : entry.events()) {
            if (event.topic().equals("Evaluation")
                    && event.payload().path("Status").asText().equals("pending")) {
                later(() -> processEval(event.key()));
            }
        }
    }

    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    public void shutdown() {
        executor.shutdownNow();
    }

    private void later(Runnable step) {
        synchronized (idle) {
            pending++;
        }
        executor.schedule(() -> {
            try {
                step.run();
            } finally {
                synchronized (idle) {
                    pending--;
                    idle.notifyAll();
                }
            }
        }, stepDelay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void processEval(String evalId) {
        state.transaction(() -> {
            ObjectNode eval = state.evals().get(evalId);
            if (eval == null || !eval.get("Status").asText().equals("pending")) {
                return null;
            }
            long snapshot = state.index();
            JobEntry entry = state.job(eval.get("Namespace").asText(), eval.get("JobID").asText());
            ObjectNode deployment = entry == null ? null : plan(entry);
            String deploymentId = deployment != null ? deployment.get("ID").asText() : activeDeploymentId(entry);
            state.write(w -> {
                eval.put("Status", "complete").put("DeploymentID", deploymentId).put("SnapshotIndex", snapshot)
                        .put("ModifyIndex", w.index).put("ModifyTime", GoJson.nowNanos());
                ObjectNode queued = GoJson.object();
                if (entry != null && entry.job.get("TaskGroups").isArray()) {
                    entry.job.get("TaskGroups").forEach(g -> queued.put(g.get("Name").asText(), 0L));
                }
                eval.set("QueuedAllocations", queued);
                w.touch(ClusterState.EVALS);
                JobWrites.evalEvent(w, eval, "EvaluationUpdated");
                if (entry != null && state.isCurrent(entry)) {
                    state.refreshJob(w, entry, "EvaluationUpdated");
                }
                return null;
            });
            if (entry != null) {
                long version = entry.version();
                later(() -> allocationsUpdated(entry, version, deploymentId.isEmpty() ? null : deploymentId));
            }
            return null;
        });
    }

    /** Writes the plan when something has to change; returns the deployment it created, if any. */
    private ObjectNode plan(JobEntry entry) {
        long version = entry.version();
        boolean stopped = entry.stopped() || !state.isCurrent(entry);
        List<Alloc> outdated = entry.allocs.stream()
                .filter(a -> !a.terminal() && !a.desiredStop && (stopped || a.jobVersion != version)).toList();
        boolean placed = entry.allocs.stream().anyMatch(a -> a.jobVersion == version && !a.desiredStop);
        boolean place = !stopped && !placed;
        List<ObjectNode> active = state.deploymentsOf(entry.namespace(), entry.id()).stream()
                .filter(d -> Deployments.active(d) && (stopped || d.get("JobVersion").asLong() != version)).toList();
        if (outdated.isEmpty() && !place && active.isEmpty()) {
            return null;
        }
        return state.write(w -> {
            boolean firstRun = entry.allocs.isEmpty();
            for (ObjectNode d : active) {
                Deployments.setStatus(d, w, "cancelled", stopped
                        ? "Cancelled because job is stopped" : "Cancelled due to newer version of job");
            }
            outdated.forEach(a -> a.desiredStop = true);
            ObjectNode deployment = null;
            if (place) {
                List<JsonNode> updating = new ArrayList<>();
                for (JsonNode group : entry.job.get("TaskGroups")) {
                    for (long i = 0; i < group.get("Count").asLong(); i++) {
                        entry.allocs.add(new Alloc(group.get("Name").asText(), version));
                    }
                    if (Deployments.needsDeployment(entry.job, group)) {
                        updating.add(group);
                    }
                }
                if (!updating.isEmpty()) {
                    deployment = Deployments.create(entry.job, updating, firstRun, w);
                    state.addDeployment(deployment);
                    w.touch(ClusterState.DEPLOYMENTS);
                    w.event("Deployment", "PlanResult", deployment.get("ID").asText(), entry.namespace(),
                            GoJson.NODES.arrayNode().add(entry.id()), "Deployment", deployment.deepCopy());
                }
            }
            if (state.isCurrent(entry)) {
                state.refreshJob(w, entry, "PlanResult");
            }
            w.touch(ClusterState.ALLOCS);
            return deployment;
        });
    }

    /** Clients report: new allocations run, replaced or stopped ones complete; health decides the deployment. */
    private void allocationsUpdated(JobEntry entry, long version, String deploymentId) {
        state.transaction(() -> {
            ObjectNode deployment = deploymentId == null ? null : state.deployments().get(deploymentId);
            DeploymentRule.Outcome outcome = deployment == null ? DeploymentRule.Outcome.SUCCEED
                    : rule.outcomeFor(entry.versions.stream().filter(v -> v.get("Version").asLong() == version)
                    .findFirst().orElse(entry.job).deepCopy());
            boolean changes = entry.allocs.stream().anyMatch(a -> !a.terminal()
                    && (a.desiredStop || (a.clientStatus.equals("pending") && outcome != DeploymentRule.Outcome.STAY_RUNNING)));
            if (changes) {
                state.write(w -> {
                    for (Alloc a : entry.allocs) {
                        if (a.desiredStop && !a.terminal()) {
                            a.clientStatus = "complete";
                        } else if (a.clientStatus.equals("pending") && outcome != DeploymentRule.Outcome.STAY_RUNNING) {
                            a.clientStatus = "running";
                        }
                    }
                    if (deployment != null && Deployments.active(deployment)
                            && outcome != DeploymentRule.Outcome.STAY_RUNNING) {
                        Deployments.allocHealth(deployment, outcome == DeploymentRule.Outcome.SUCCEED, w);
                    }
                    if (state.isCurrent(entry)) {
                        // client alloc updates map to the AllocationUpdated event type (nomad/state/events.go)
                        state.refreshJob(w, entry, "AllocationUpdated");
                    }
                    w.touch(ClusterState.ALLOCS);
                    return null;
                });
            }
            if (deployment != null && outcome != DeploymentRule.Outcome.STAY_RUNNING) {
                later(() -> finishDeployment(entry, deploymentId, outcome));
            }
            return null;
        });
    }

    private void finishDeployment(JobEntry entry, String deploymentId, DeploymentRule.Outcome outcome) {
        state.transaction(() -> {
            ObjectNode deployment = state.deployments().get(deploymentId);
            if (deployment == null || !Deployments.active(deployment)) {
                return null;
            }
            state.write(w -> {
                long version = deployment.get("JobVersion").asLong();
                if (outcome == DeploymentRule.Outcome.SUCCEED) {
                    Deployments.setStatus(deployment, w, "successful", "Deployment completed successfully");
                    writes.markStable(w, entry, version, "DeploymentStatusUpdate");
                } else {
                    new AutoRevert(state, writes).fail(w, entry, deployment);
                }
                return null;
            });
            return null;
        });
    }

    private String activeDeploymentId(JobEntry entry) {
        if (entry == null) {
            return "";
        }
        return state.deploymentsOf(entry.namespace(), entry.id()).stream()
                .filter(d -> Deployments.active(d) && d.get("JobVersion").asLong() == entry.version())
                .map(d -> d.get("ID").asText()).findFirst().orElse("");
    }
}
