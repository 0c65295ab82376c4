package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import java.util.List;

/** Nomad's getJobStatus (nomad-api.md#job-status) and the job summary counters derived from allocations. */
final class JobStatus {
    private JobStatus() {
    }

    static String of(JobEntry entry, List<ObjectNode> evals) {
        if (entry.type().equals("system") || entry.type().equals("sysbatch") || entry.periodicOrParameterized()) {
            return entry.stopped() ? "dead" : "running";
        }
        if (entry.allocs.stream().anyMatch(a -> !a.terminal())) {
            return "running";
        }
        boolean evalActive = evals.stream().map(e -> e.get("Status").asText())
                .anyMatch(s -> s.equals("pending") || s.equals("blocked"));
        if (evalActive) {
            return "pending";
        }
        if (!evals.isEmpty() || !entry.allocs.isEmpty() || entry.stopped()) {
            return "dead";
        }
        return "pending";
    }

    static ObjectNode newSummary(JobEntry entry, long index) {
        ObjectNode summary = GoJson.object().put("JobID", entry.id()).put("Namespace", entry.namespace());
        summary.set("Summary", summary(entry).get("Summary"));
        summary.set("Children", GoJson.object().put("Pending", 0L).put("Running", 0L).put("Dead", 0L));
        return summary.put("CreateIndex", index).put("ModifyIndex", index);
    }

    static ObjectNode summary(JobEntry entry) {
        ObjectNode groups = GoJson.object();
        JsonNode taskGroups = entry.job.get("TaskGroups");
        if (taskGroups != null && taskGroups.isArray()) {
            for (JsonNode g : taskGroups) {
                groups.set(g.path("Name").asText(), counts(entry, g.path("Name").asText()));
            }
        }
        for (Alloc a : entry.allocs) {
            if (!groups.has(a.group)) {
                groups.set(a.group, counts(entry, a.group));
            }
        }
        return GoJson.object().set("Summary", groups);
    }

    private static ObjectNode counts(JobEntry entry, String group) {
        long starting = 0;
        long running = 0;
        long complete = 0;
        long failed = 0;
        long lost = 0;
        for (Alloc a : entry.allocs) {
            if (!a.group.equals(group)) {
                continue;
            }
            switch (a.clientStatus) {
                case "pending" -> starting++;
                case "running" -> running++;
                case "complete" -> complete++;
                case "failed" -> failed++;
                default -> lost++;
            }
        }
        return GoJson.object().put("Queued", 0L).put("Complete", complete).put("Failed", failed)
                .put("Running", running).put("Starting", starting).put("Lost", lost).put("Unknown", 0L);
    }
}
