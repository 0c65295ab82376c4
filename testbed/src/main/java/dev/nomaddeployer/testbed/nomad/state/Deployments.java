package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Deployment objects (fixture deployment.json) and their status changes (nomad-api.md#deployment-create, #deployment-status, #deployment-cancel). */
final class Deployments {
    private static final Set<String> ACTIVE = Set.of("running", "paused", "pending", "blocked", "unblocking",
            "initializing");
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Deployments() {
    }

    static boolean active(ObjectNode deployment) {
        return ACTIVE.contains(deployment.get("Status").asText());
    }

    /** The reconciler only creates a deployment for groups with a non-empty update strategy and a count. */
    static boolean needsDeployment(ObjectNode job, JsonNode group) {
        return job.get("Type").asText().equals("service") && group.get("Update").isObject()
                && group.get("Update").get("MaxParallel").asLong() > 0 && group.get("Count").asLong() > 0;
    }

    /**
     * A new deployment of {@code groups}; {@code canaryGroups} are those that start with canaries (the reconciler
     * sets DesiredCanaries only for groups with destructive updates, never on a job's first placement).
     */
    static ObjectNode create(ObjectNode job, List<JsonNode> groups, boolean firstRun, Set<String> canaryGroups,
                             ClusterState.Write w) {
        long now = GoJson.nowNanos();
        ObjectNode deployment = GoJson.object().put("ID", UUID.randomUUID().toString())
                .put("Namespace", job.get("Namespace").asText()).put("JobID", job.get("ID").asText())
                .put("JobVersion", job.get("Version").asLong())
                .put("JobModifyIndex", job.get("JobModifyIndex").asLong())
                .put("JobSpecModifyIndex", job.get("JobModifyIndex").asLong())
                .put("JobCreateIndex", job.get("CreateIndex").asLong()).put("IsMultiregion", false);
        ObjectNode taskGroups = deployment.putObject("TaskGroups");
        for (JsonNode group : groups) {
            JsonNode update = group.get("Update");
            String name = group.get("Name").asText();
            long count = group.get("Count").asLong();
            long canaries = canaryGroups.contains(name) ? update.get("Canary").asLong() : 0;
            long placed = canaries > 0 ? canaries : firstRun ? count : Math.min(count, update.get("MaxParallel").asLong());
            long deadline = update.get("ProgressDeadline").asLong();
            ObjectNode state = taskGroups.putObject(name)
                    .put("AutoRevert", update.get("AutoRevert").asBoolean())
                    .put("AutoPromote", update.get("AutoPromote").asBoolean())
                    .put("ProgressDeadline", deadline);
            if (deadline > 0) {
                state.put("RequireProgressBy", RFC3339_NANO.format(Instant.ofEpochSecond(0, now + deadline)));
            } else {
                state.putNull("RequireProgressBy");
            }
            state.put("Promoted", false).putNull("PlacedCanaries");
            state.put("DesiredCanaries", canaries).put("DesiredTotal", count)
                    .put("PlacedAllocs", placed).put("HealthyAllocs", 0L).put("UnhealthyAllocs", 0L);
        }
        deployment.put("Status", "running").put("StatusDescription", "Deployment is running");
        deployment.put("StatusDescription", runningDescription(deployment));
        return deployment.put("EvalPriority", job.get("Priority").asLong()).put("CreateIndex", w.index)
                .put("ModifyIndex", w.index).put("CreateTime", now).put("ModifyTime", now);
    }

    /** Deployment.RequiresPromotion: running with a canary group not yet promoted. */
    static boolean requiresPromotion(ObjectNode deployment) {
        if (!deployment.get("Status").asText().equals("running")) {
            return false;
        }
        for (JsonNode g : deployment.get("TaskGroups")) {
            if (g.get("DesiredCanaries").asLong() > 0 && !g.get("Promoted").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** Deployment.HasAutoPromote: every canary group has auto_promote. */
    static boolean autoPromotes(ObjectNode deployment) {
        for (JsonNode g : deployment.get("TaskGroups")) {
            if (g.get("DesiredCanaries").asLong() > 0 && !g.get("AutoPromote").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** The reconciler's description of a created deployment (scheduler/reconcile.go, Compute). */
    private static String runningDescription(ObjectNode deployment) {
        if (!requiresPromotion(deployment)) {
            return "Deployment is running";
        }
        return autoPromotes(deployment) ? "Deployment is running pending automatic promotion"
                : "Deployment is running but requires manual promotion";
    }

    /**
     * StateStore.UpdateDeploymentPromotion for a promotion that passed its checks: the groups are promoted
     * (progress deadline restarted), the description falls back to running when nothing needs promotion any
     * more, and the promoted canaries lose their canary flag.
     */
    static void promote(ObjectNode deployment, Set<String> groups, List<Alloc> promotable, ClusterState.Write w) {
        long now = GoJson.nowNanos();
        deployment.get("TaskGroups").fields().forEachRemaining(e -> {
            if (groups.contains(e.getKey())) {
                ObjectNode g = (ObjectNode) e.getValue();
                if (g.get("ProgressDeadline").asLong() > 0 && !g.get("RequireProgressBy").isNull()) {
                    g.put("RequireProgressBy",
                            RFC3339_NANO.format(Instant.ofEpochSecond(0, now + g.get("ProgressDeadline").asLong())));
                }
                g.put("Promoted", true);
            }
        });
        if (!requiresPromotion(deployment) && deployment.get("Status").asText().equals("running")) {
            deployment.put("StatusDescription", "Deployment is running");
        }
        deployment.put("ModifyIndex", w.index).put("ModifyTime", now);
        w.touch(ClusterState.DEPLOYMENTS);
        for (Alloc a : promotable) {
            a.canary = false;
            a.healthIndex = w.index;
            a.touched(w.index);
        }
        w.touch(ClusterState.ALLOCS);
        event(deployment, w, "DeploymentPromotion");
    }

    static void setStatus(ObjectNode deployment, ClusterState.Write w, String status, String description) {
        deployment.put("Status", status).put("StatusDescription", description).put("ModifyIndex", w.index)
                .put("ModifyTime", GoJson.nowNanos());
        w.touch(ClusterState.DEPLOYMENTS);
        String type = status.equals("cancelled") ? "PlanResult" : "DeploymentStatusUpdate";
        event(deployment, w, type);
    }

    /** Counts the deployment's allocations per group as the client's health reports left them. */
    static void allocHealth(ObjectNode deployment, List<Alloc> allocs, ClusterState.Write w) {
        deployment.get("TaskGroups").fields().forEachRemaining(e -> {
            ObjectNode g = (ObjectNode) e.getValue();
            List<Alloc> mine = allocs.stream().filter(a -> a.group.equals(e.getKey())).toList();
            g.put("PlacedAllocs", Math.max(g.get("PlacedAllocs").asLong(), mine.size()))
                    .put("HealthyAllocs", mine.stream().filter(a -> Boolean.TRUE.equals(a.healthy)).count())
                    .put("UnhealthyAllocs", mine.stream().filter(a -> Boolean.FALSE.equals(a.healthy)).count());
            List<Alloc> canaries = mine.stream().filter(a -> a.canary).toList();
            if (!canaries.isEmpty()) {
                var ids = g.putArray("PlacedCanaries");
                canaries.forEach(a -> ids.add(a.id));
            }
        });
        deployment.put("ModifyIndex", w.index).put("ModifyTime", GoJson.nowNanos());
        w.touch(ClusterState.DEPLOYMENTS);
        // the health travels in the client's allocation update (AllocClientUpdateRequestType), whose events are
        // typed AllocationUpdated; DeploymentAllocHealth is the type of the manual allocation-health endpoint
        event(deployment, w, "AllocationUpdated");
    }

    private static void event(ObjectNode deployment, ClusterState.Write w, String type) {
        w.event("Deployment", type, deployment.get("ID").asText(), deployment.get("Namespace").asText(),
                GoJson.NODES.arrayNode().add(deployment.get("JobID").asText()), "Deployment", deployment.deepCopy());
    }
}
