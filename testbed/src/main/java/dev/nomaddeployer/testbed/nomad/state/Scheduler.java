package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.DeploymentRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Nomad's scheduler, clients and deployment watcher. After each step delay one Raft
 * entry is written: plan (allocations, deployment, cancelled deployments; only canaries first when a group asks
 * for them), eval complete, the clients' reports (task states and health, as the {@link DeploymentRule} says),
 * then the watcher's verdict: successful, failed, or waiting for promotion (nomad-api.md#evaluations to
 * #job-status, docs/testbed-nomad-sim.md#deployments-and-allocations). Steps run one
 * at a time on a single thread, so a test sees the same sequence a cluster produces.
 *
 * <p>Like Nomad's eval broker, it learns of work from the state itself: every committed entry that writes
 * an evaluation with status {@code pending} queues that eval. Whoever writes an eval (register, deregister,
 * the auto-revert below) therefore needs no reference to the scheduler.
 */
public final class Scheduler {
    private final ClusterState state;
    private final JobWrites writes;
    private final DeploymentActions actions;
    private final ScheduledExecutorService executor;
    private final Object idle = new Object();
    private int pending;
    private volatile Duration stepDelay;
    private volatile DeploymentRule rule = DeploymentRule.succeedAll();

    public Scheduler(ClusterState state, JobWrites writes, Duration stepDelay) {
        this.state = state;
        this.writes = writes;
        this.actions = new DeploymentActions(state, writes);
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
            ObjectNode deployment = entry == null ? null : plan(entry, evalId);
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
    private ObjectNode plan(JobEntry entry, String evalId) {
        long version = entry.version();
        boolean stopped = entry.stopped() || !state.isCurrent(entry);
        List<ObjectNode> active = state.deploymentsOf(entry.namespace(), entry.id()).stream()
                .filter(d -> Deployments.active(d) && (stopped || d.get("JobVersion").asLong() != version)).toList();
        ObjectNode current = stopped ? null : state.deploymentsOf(entry.namespace(), entry.id()).stream()
                .filter(d -> Deployments.active(d) && d.get("JobVersion").asLong() == version).findFirst().orElse(null);
        List<Alloc> stop = new ArrayList<>();
        Map<JsonNode, Integer> place = new LinkedHashMap<>();
        Set<String> canaryGroups = new HashSet<>();
        Set<String> groupNames = new HashSet<>();
        boolean firstRun = entry.allocs.isEmpty();
        if (!stopped) {
            for (JsonNode group : entry.job.get("TaskGroups")) {
                String name = group.get("Name").asText();
                groupNames.add(name);
                List<Alloc> live = entry.allocs.stream()
                        .filter(a -> a.group.equals(name) && !a.terminal() && !a.desiredStop).toList();
                List<Alloc> mine = live.stream().filter(a -> a.jobVersion == version).toList();
                List<Alloc> old = live.stream().filter(a -> a.jobVersion != version).toList();
                JsonNode dstate = current == null ? null : current.get("TaskGroups").get(name);
                long count = group.get("Count").asLong();
                boolean everPlaced = entry.allocs.stream().anyMatch(a -> a.group.equals(name) && a.jobVersion == version);
                if (!everPlaced) {
                    // requiresCanaries: destructive updates (allocations of an older version) and canary > 0
                    long canary = Deployments.needsDeployment(entry.job, group) && !old.isEmpty()
                            ? group.get("Update").get("Canary").asLong() : 0;
                    if (canary > 0) {
                        canaryGroups.add(name);
                        place.put(group, (int) canary);
                    } else {
                        place.put(group, (int) count);
                        stop.addAll(old);
                    }
                } else if (dstate != null && dstate.get("Promoted").asBoolean() && mine.size() < count) {
                    // promoted canaries stay; the rest of the group is replaced now
                    place.put(group, (int) (count - mine.size()));
                    stop.addAll(old);
                }
            }
        }
        for (Alloc a : entry.allocs) {
            if (!a.terminal() && !a.desiredStop && (stopped || !groupNames.contains(a.group))) {
                stop.add(a);
            }
        }
        if (stop.isEmpty() && place.isEmpty() && active.isEmpty()) {
            return null;
        }
        return state.write(w -> {
            for (ObjectNode d : active) {
                Deployments.setStatus(d, w, "cancelled", stopped
                        ? "Cancelled because job is stopped" : "Cancelled due to newer version of job");
            }
            stop.forEach(a -> {
                a.desiredStop = true;
                a.touched(w.index);
            });
            ObjectNode created = null;
            ObjectNode deployment = current;
            if (deployment == null) {
                List<JsonNode> updating = place.keySet().stream()
                        .filter(g -> Deployments.needsDeployment(entry.job, g)).toList();
                if (!updating.isEmpty()) {
                    created = Deployments.create(entry.job, updating, firstRun, canaryGroups, w);
                    deployment = created;
                }
            }
            String deploymentId = deployment == null ? "" : deployment.get("ID").asText();
            for (Map.Entry<JsonNode, Integer> p : place.entrySet()) {
                String name = p.getKey().get("Name").asText();
                int slot = (int) entry.allocs.stream().filter(a -> a.group.equals(name) && a.jobVersion == version).count();
                List<String> canaries = new ArrayList<>();
                for (int i = 0; i < p.getValue(); i++) {
                    Alloc alloc = new Alloc(entry.job, p.getKey(), slot + i, evalId, w.index);
                    boolean inDeployment = deployment != null && deployment.get("TaskGroups").has(name);
                    alloc.deploymentId = inDeployment ? deploymentId : "";
                    alloc.canary = canaryGroups.contains(name);
                    if (alloc.canary) {
                        canaries.add(alloc.id);
                    }
                    state.addAlloc(entry, alloc);
                }
                if (!canaries.isEmpty()) {
                    ArrayNode ids = ((ObjectNode) deployment.get("TaskGroups").get(name)).putArray("PlacedCanaries");
                    canaries.forEach(ids::add);
                }
            }
            if (created != null) {
                state.addDeployment(created);
                w.touch(ClusterState.DEPLOYMENTS);
                w.event("Deployment", "PlanResult", created.get("ID").asText(), entry.namespace(),
                        GoJson.NODES.arrayNode().add(entry.id()), "Deployment", created.deepCopy());
            }
            if (state.isCurrent(entry)) {
                state.refreshJob(w, entry, "PlanResult");
            }
            w.touch(ClusterState.ALLOCS);
            return created;
        });
    }

    /** Clients report: new allocations run (or fail), replaced or stopped ones complete, health goes to the deployment. */
    private void allocationsUpdated(JobEntry entry, long version, String deploymentId) {
        state.transaction(() -> {
            ObjectNode deployment = deploymentId == null ? null : state.deployments().get(deploymentId);
            ObjectNode job = entry.versions.stream().filter(v -> v.get("Version").asLong() == version)
                    .findFirst().orElse(entry.job);
            DeploymentRule.Outcome outcome = deployment == null ? new DeploymentRule.Succeed()
                    : rule.outcomeFor(job.deepCopy());
            boolean reports = !(outcome instanceof DeploymentRule.StayRunning);
            boolean changes = entry.allocs.stream().anyMatch(a -> !a.terminal()
                    && (a.desiredStop || (a.clientStatus.equals("pending") && a.taskStates.isEmpty() && reports)));
            if (changes) {
                state.write(w -> {
                    long now = GoJson.nowNanos();
                    for (Alloc a : entry.allocs) {
                        if (a.desiredStop && !a.terminal()) {
                            a.client("complete", "All tasks have completed", w.index);
                        } else if (a.clientStatus.equals("pending") && a.taskStates.isEmpty() && reports) {
                            report(a, group(job, a.group), outcome, a.deploymentId.isEmpty() ? null : a, now, w.index);
                        }
                    }
                    if (deployment != null && Deployments.active(deployment) && reports) {
                        Deployments.allocHealth(deployment, state.allocsOf(deploymentId), w);
                    }
                    if (state.isCurrent(entry)) {
                        // client alloc updates map to the AllocationUpdated event type (nomad/state/events.go)
                        state.refreshJob(w, entry, "AllocationUpdated");
                    }
                    w.touch(ClusterState.ALLOCS);
                    return null;
                });
            }
            if (deployment != null && reports) {
                later(() -> watchDeployment(entry, deploymentId));
            }
            return null;
        });
    }

    /** One client's report for a new allocation under the rule's outcome; {@code deployed} when health counts. */
    private static void report(Alloc a, JsonNode group, DeploymentRule.Outcome outcome, Alloc deployed, long now,
                               long index) {
        for (JsonNode task : group.path("Tasks")) {
            String name = task.path("Name").asText();
            ObjectNode taskState;
            if (outcome instanceof DeploymentRule.Fail fail
                    && fail.failure() instanceof DeploymentRule.DriverFailure driver) {
                taskState = TaskStates.driverFailure(task, group, driver.driverError(), now);
                if (taskState.get("State").asText().equals("pending")) {
                    // restart mode "delay" never gives up: the health watcher's deadline decides
                    TaskStates.unhealthy(taskState, TaskStates.notRunningInTime(group), now);
                }
            } else {
                taskState = TaskStates.running(task, now);
                if (outcome instanceof DeploymentRule.Fail fail
                        && fail.failure() instanceof DeploymentRule.NeverHealthy never) {
                    TaskStates.unhealthy(taskState, never.message() != null ? never.message()
                            : TaskStates.notHealthyInTime(group), now);
                }
            }
            a.taskStates.set(name, taskState);
        }
        String status = clientStatus(a.taskStates);
        a.client(status, switch (status) {
            case "failed" -> "Failed tasks";
            case "running" -> "Tasks are running";
            default -> "No tasks have started";
        }, index);
        if (deployed != null) {
            a.healthy = outcome instanceof DeploymentRule.Succeed;
            a.healthTime = now;
            a.healthIndex = index;
        }
    }

    /** allocrunner getClientStatus: any failed task fails the allocation, else running, else pending. */
    private static String clientStatus(ObjectNode taskStates) {
        boolean running = false;
        boolean pending = false;
        for (JsonNode t : taskStates) {
            if (t.get("Failed").asBoolean()) {
                return "failed";
            }
            running |= t.get("State").asText().equals("running");
            pending |= t.get("State").asText().equals("pending");
        }
        return running ? "running" : pending ? "pending" : "complete";
    }

    private static JsonNode group(ObjectNode job, String name) {
        for (JsonNode g : job.path("TaskGroups")) {
            if (g.path("Name").asText().equals(name)) {
                return g;
            }
        }
        return GoJson.object();
    }

    /**
     * The deployment watcher after the health reports: an unhealthy allocation fails the deployment (at once when
     * the group has no progress deadline or cannot reschedule, else when the deadline passes, which the
     * simulator does not wait for); healthy canaries wait for promotion (or are promoted automatically); a
     * deployment with every group healthy and promoted succeeds.
     */
    private void watchDeployment(JobEntry entry, String deploymentId) {
        state.transaction(() -> {
            ObjectNode deployment = state.deployments().get(deploymentId);
            if (deployment == null || !Deployments.active(deployment)) {
                return null;
            }
            List<Alloc> allocs = state.allocsOf(deploymentId);
            Alloc unhealthy = allocs.stream().filter(a -> Boolean.FALSE.equals(a.healthy) && !a.desiredStop)
                    .findFirst().orElse(null);
            if (unhealthy != null) {
                JsonNode dstate = deployment.get("TaskGroups").get(unhealthy.group);
                JsonNode group = group(entry.job, unhealthy.group);
                String description = failsEarly(dstate, group) ? "Failed due to unhealthy allocations"
                        : "Failed due to progress deadline";
                state.write(w -> {
                    new AutoRevert(state, writes).fail(w, entry, deployment, description);
                    return null;
                });
                return null;
            }
            if (Deployments.requiresPromotion(deployment)) {
                if (Deployments.autoPromotes(deployment) && canariesHealthy(deployment, allocs)) {
                    actions.promote(deployment, true, Set.of());
                }
                return null;
            }
            boolean done = true;
            for (JsonNode g : deployment.get("TaskGroups")) {
                done &= g.get("HealthyAllocs").asLong() >= g.get("DesiredTotal").asLong();
            }
            if (done) {
                state.write(w -> {
                    Deployments.setStatus(deployment, w, "successful", "Deployment completed successfully");
                    writes.markStable(w, entry, deployment.get("JobVersion").asLong(), "DeploymentStatusUpdate");
                    return null;
                });
            }
            return null;
        });
    }

    /**
     * deploymentWatcher.shouldFailEarly: without a progress deadline the first unhealthy allocation fails the
     * deployment; with one, only when the allocation cannot be rescheduled (no attempts, not unlimited).
     */
    private static boolean failsEarly(JsonNode dstate, JsonNode group) {
        if (dstate == null || dstate.get("ProgressDeadline").asLong() == 0) {
            return true;
        }
        JsonNode policy = group.path("ReschedulePolicy");
        return !policy.isObject() || (!policy.path("Unlimited").asBoolean() && policy.path("Attempts").asLong() == 0);
    }

    private static boolean canariesHealthy(ObjectNode deployment, List<Alloc> allocs) {
        var groups = deployment.get("TaskGroups").fields();
        while (groups.hasNext()) {
            var g = groups.next();
            long desired = g.getValue().get("DesiredCanaries").asLong();
            long healthy = allocs.stream()
                    .filter(a -> a.group.equals(g.getKey()) && a.canary && Boolean.TRUE.equals(a.healthy)).count();
            if (healthy < desired) {
                return false;
            }
        }
        return true;
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
