package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoDuration;
import dev.nomaddeployer.testbed.go.GoJson;

/**
 * The task states a Nomad client reports for the simulated outcomes (structs.TaskState / TaskEvent, the task
 * runner's events, the restart tracker's reasons, the health tracker's messages; see
 * docs/nomad-source-notes.md#allocations-and-task-events).
 */
final class TaskStates {
    /** The task runner keeps the newest 10 events of a task (taskrunner defaultMaxEvents). */
    private static final int MAX_EVENTS = 10;

    private TaskStates() {
    }

    /** Received, task dir, image download (docker), Started: the task runs. */
    static ObjectNode running(JsonNode task, long now) {
        ArrayNode events = GoJson.NODES.arrayNode();
        starting(task, events, now);
        events.add(event("Started", now));
        return state("running", false, 0, 0, now, 0, events);
    }

    /**
     * The driver fails to start the task on every attempt: the restart policy's attempts are used up (mode
     * {@code fail}) and the task is dead and failed. Mode {@code delay} never gives up: the task stays
     * pending between attempts, which {@code pendingForever} reports.
     */
    static ObjectNode driverFailure(JsonNode task, JsonNode group, String driverError, long now) {
        JsonNode policy = group.path("RestartPolicy");
        long attempts = policy.path("Attempts").asLong(2);
        long delay = policy.path("Delay").asLong(15_000_000_000L);
        boolean failMode = !policy.path("Mode").asText("fail").equals("delay");
        ArrayNode events = GoJson.NODES.arrayNode();
        starting(task, events, now);
        events.add(failure(driverError, now));
        long restarts = 0;
        for (long i = 0; i < attempts || !failMode && i < MAX_EVENTS; i++) {
            events.add(restarting(delay, "Restart within policy", now));
            restarts++;
            downloading(task, events, now);
            events.add(failure(driverError, now));
        }
        if (!failMode) {
            return state("pending", false, restarts, now, 0, 0, trim(events));
        }
        String reason = attempts == 0 ? "Policy allows no restarts"
                : "Exceeded allowed attempts " + attempts + " in interval "
                + GoDuration.goString(policy.path("Interval").asLong(1_800_000_000_000L)) + " and mode is \"fail\"";
        ObjectNode notRestarting = event("Not Restarting", now).put("FailsTask", true).put("RestartReason", reason)
                .put("DisplayMessage", reason);
        ((ObjectNode) notRestarting.get("Details")).put("fails_task", "true").put("restart_reason", reason);
        events.add(notRestarting);
        return state("dead", true, restarts, restarts > 0 ? now : 0, 0, now, trim(events));
    }

    /** The health watcher's verdict at the deadline: an `Alloc Unhealthy` event with the tracker's message. */
    static void unhealthy(ObjectNode taskState, String message, long now) {
        ObjectNode event = event("Alloc Unhealthy", now).put("Message", message).put("DisplayMessage", message);
        ((ObjectNode) event.get("Details")).put("message", message);
        ArrayNode events = (ArrayNode) taskState.get("Events");
        events.add(event);
        taskState.set("Events", trim(events));
    }

    /** The tracker's text for a task that is up but not for min_healthy_time by the healthy deadline. */
    static String notHealthyInTime(JsonNode group) {
        JsonNode update = group.path("Update");
        return "Task not running for min_healthy_time of "
                + GoDuration.goString(update.path("MinHealthyTime").asLong(10_000_000_000L))
                + " by healthy_deadline of " + GoDuration.goString(update.path("HealthyDeadline").asLong(300_000_000_000L));
    }

    /** The tracker's text for a task that never left pending. */
    static String notRunningInTime(JsonNode group) {
        return "Task not running by healthy_deadline of "
                + GoDuration.goString(group.path("Update").path("HealthyDeadline").asLong(300_000_000_000L));
    }

    private static void starting(JsonNode task, ArrayNode events, long now) {
        events.add(event("Received", now).put("DisplayMessage", "Task received by client"));
        ObjectNode setup = event("Task Setup", now).put("Message", "Building Task Directory")
                .put("DisplayMessage", "Building Task Directory");
        ((ObjectNode) setup.get("Details")).put("message", "Building Task Directory");
        events.add(setup);
        downloading(task, events, now);
    }

    /** The docker driver announces the pull; other drivers say nothing here. */
    private static void downloading(JsonNode task, ArrayNode events, long now) {
        if (task.path("Driver").asText().equals("docker")) {
            ObjectNode driver = event("Driver", now).put("DriverMessage", "Downloading image")
                    .put("DisplayMessage", "Downloading image");
            ((ObjectNode) driver.get("Details")).put("image", task.path("Config").path("image").asText());
            events.add(driver);
        }
    }

    private static ObjectNode failure(String driverError, long now) {
        ObjectNode failure = event("Driver Failure", now).put("DriverError", driverError)
                .put("DisplayMessage", driverError);
        ((ObjectNode) failure.get("Details")).put("driver_error", driverError);
        return failure;
    }

    private static ObjectNode restarting(long delay, String reason, long now) {
        // PopulateEventDisplayMessage leaves the reason out when it is "within policy"
        ObjectNode restarting = event("Restarting", now).put("RestartReason", reason).put("StartDelay", delay)
                .put("DisplayMessage", "Task restarting in " + GoDuration.goString(delay));
        ((ObjectNode) restarting.get("Details")).put("restart_reason", reason).put("start_delay", Long.toString(delay));
        return restarting;
    }

    /** structs.TaskEvent with Go's zero values, in field order. */
    private static ObjectNode event(String type, long time) {
        ObjectNode e = GoJson.object().put("Type", type).put("Time", time).put("Message", "").put("DisplayMessage", "");
        e.putObject("Details");
        e.put("FailsTask", false).put("RestartReason", "").put("SetupError", "").put("DriverError", "")
                .put("ExitCode", 0).put("Signal", 0).put("KillTimeout", 0L).put("KillError", "").put("KillReason", "")
                .put("StartDelay", 0L).put("DownloadError", "").put("ValidationError", "").put("DiskLimit", 0L)
                .put("FailedSibling", "").put("VaultError", "").put("TaskSignalReason", "").put("TaskSignal", "")
                .put("DriverMessage", "").put("GenericSource", "");
        return e;
    }

    private static ObjectNode state(String state, boolean failed, long restarts, long lastRestart, long startedAt,
                                    long finishedAt, ArrayNode events) {
        ObjectNode s = GoJson.object().put("State", state).put("Failed", failed).put("Restarts", restarts)
                .put("LastRestart", GoJson.time(lastRestart)).put("StartedAt", GoJson.time(startedAt))
                .put("FinishedAt", GoJson.time(finishedAt));
        s.set("Events", events);
        return s.put("Paused", "");
    }

    private static ArrayNode trim(ArrayNode events) {
        while (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
        return events;
    }
}
