package dev.nomaddeployer.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks, from the allocations of a failed deployment ({@code GET /v1/deployment/allocations/:id}), why they
 * failed: for each allocation the deployment found unhealthy (or that failed or was lost), the last event of its
 * tasks that says what went wrong. Nomad marks such events {@code FailsTask}; the others of the list below are
 * the client's own failure kinds (nomad/structs: TaskDriverFailure, TaskSetupFailure, ...; client/allochealth:
 * "Alloc Unhealthy" when the allocation missed its healthy deadline).
 */
public final class FailingTasks {
    /** At most this many allocations are named: enough to see the cause, few enough to read. */
    public static final int MAX = 3;

    private static final Set<String> FAILURE_TYPES = Set.of("Driver Failure", "Setup Failure", "Failed Validation",
            "Failed Artifact Download", "Task hook failed", "Failed Restoring Task", "Disk Resources Exceeded",
            "Alloc Unhealthy", "Not Restarting", "Terminated");

    private FailingTasks() {}

    public static List<FailingTask> of(List<? extends JsonNode> allocations) {
        List<FailingTask> failing = new ArrayList<>();
        for (JsonNode alloc : allocations) {
            if (failing.size() == MAX) {
                break;
            }
            JsonNode healthy = alloc.path("DeploymentStatus").path("Healthy");
            String client = alloc.path("ClientStatus").asText("");
            boolean failed = (healthy.isBoolean() && !healthy.asBoolean()) || client.equals("failed")
                    || client.equals("lost");
            if (failed) {
                failing.add(reasonOf(alloc));
            }
        }
        return failing;
    }

    private static FailingTask reasonOf(JsonNode alloc) {
        String allocId = alloc.path("ID").asText();
        String group = alloc.path("TaskGroup").asText(null);
        String bestTask = null;
        JsonNode best = null;
        int bestRank = -1;
        long bestTime = Long.MIN_VALUE;
        for (Map.Entry<String, JsonNode> task : alloc.path("TaskStates").properties()) {
            for (JsonNode event : task.getValue().path("Events")) {
                int rank = event.path("FailsTask").asBoolean() ? 2
                        : FAILURE_TYPES.contains(event.path("Type").asText()) ? 1
                        : messageOf(event).isEmpty() ? -1 : 0;
                long time = event.path("Time").asLong();
                if (rank > bestRank || (rank == bestRank && rank >= 0 && time >= bestTime)) {
                    best = event;
                    bestTask = task.getKey();
                    bestRank = rank;
                    bestTime = time;
                }
            }
        }
        if (best == null) {
            String status = alloc.path("ClientDescription").asText("");
            return new FailingTask(allocId, group, null, "Allocation " + alloc.path("ClientStatus").asText("unhealthy"),
                    status);
        }
        return new FailingTask(allocId, group, bestTask, best.path("Type").asText(), messageOf(best));
    }

    /** Nomad's text for people first, then the raw fields it is built from. */
    private static String messageOf(JsonNode event) {
        for (String field : List.of("DisplayMessage", "DriverError", "Message", "SetupError", "ValidationError",
                "DownloadError")) {
            String text = event.path(field).asText("");
            if (!text.isBlank()) {
                return text;
            }
        }
        return "";
    }
}
