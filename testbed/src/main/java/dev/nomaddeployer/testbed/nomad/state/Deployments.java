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

    static ObjectNode create(ObjectNode job, List<JsonNode> groups, boolean firstRun, ClusterState.Write w) {
        long now = GoJson.nowNanos();
        ObjectNode deployment = GoJson.object().put("ID", UUID.randomUUID().toString())
                .put("Namespace", job.get("Namespace").asText()).put("JobID", job.get("ID").asText())
                .put("JobVersion", job.get("Version").asLong())
                .put("JobModifyIndex", job.get("JobModifyIndex").asLong())
                .put("JobSpecModifyIndex", job.get("JobModifyIndex").asLong())
                .put("JobCreateIndex", job.get("CreateIndex").asLong()).put("IsMultiregion", false);
        ObjectNode taskGroups = deployment.putObject("TaskGroups");
        boolean canaries = false;
        boolean autoPromote = true;
        for (JsonNode group : groups) {
            JsonNode update = group.get("Update");
            long count = group.get("Count").asLong();
            long placed = firstRun ? count : Math.min(count, update.get("MaxParallel").asLong());
            long deadline = update.get("ProgressDeadline").asLong();
            ObjectNode state = taskGroups.putObject(group.get("Name").asText())
                    .put("AutoRevert", update.get("AutoRevert").asBoolean())
                    .put("AutoPromote", update.get("AutoPromote").asBoolean())
                    .put("ProgressDeadline", deadline);
            if (deadline > 0) {
                state.put("RequireProgressBy", RFC3339_NANO.format(Instant.ofEpochSecond(0, now + deadline)));
            } else {
                state.putNull("RequireProgressBy");
            }
            state.put("Promoted", false).putNull("PlacedCanaries");
            state.put("DesiredCanaries", update.get("Canary").asLong()).put("DesiredTotal", count)
                    .put("PlacedAllocs", placed).put("HealthyAllocs", 0L).put("UnhealthyAllocs", 0L);
            canaries |= update.get("Canary").asLong() > 0;
            autoPromote &= update.get("AutoPromote").asBoolean();
        }
        String description = !canaries ? "Deployment is running"
                : autoPromote ? "Deployment is running pending automatic promotion"
                : "Deployment is running but requires manual promotion";
        return deployment.put("Status", "running").put("StatusDescription", description)
                .put("EvalPriority", job.get("Priority").asLong()).put("CreateIndex", w.index)
                .put("ModifyIndex", w.index).put("CreateTime", now).put("ModifyTime", now);
    }

    static void setStatus(ObjectNode deployment, ClusterState.Write w, String status, String description) {
        deployment.put("Status", status).put("StatusDescription", description).put("ModifyIndex", w.index)
                .put("ModifyTime", GoJson.nowNanos());
        w.touch(ClusterState.DEPLOYMENTS);
        String type = status.equals("cancelled") ? "PlanResult" : "DeploymentStatusUpdate";
        event(deployment, w, type);
    }

    static void allocHealth(ObjectNode deployment, boolean healthy, ClusterState.Write w) {
        for (JsonNode group : deployment.get("TaskGroups")) {
            ObjectNode g = (ObjectNode) group;
            long total = g.get("DesiredTotal").asLong();
            g.put("PlacedAllocs", total).put(healthy ? "HealthyAllocs" : "UnhealthyAllocs", total);
        }
        deployment.put("ModifyIndex", w.index).put("ModifyTime", GoJson.nowNanos());
        w.touch(ClusterState.DEPLOYMENTS);
        event(deployment, w, "DeploymentAllocHealth");
    }

    private static void event(ObjectNode deployment, ClusterState.Write w, String type) {
        w.event("Deployment", type, deployment.get("ID").asText(), deployment.get("Namespace").asText(),
                GoJson.NODES.arrayNode().add(deployment.get("JobID").asText()), "Deployment", deployment.deepCopy());
    }
}
