package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.PlacementRule;
import dev.nomaddeployer.testbed.nomad.PlacementRule.PlacementFailure;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The plan's `FailedTGAllocs` and the blocked eval that goes with them, as the generic scheduler builds them
 * when the {@link PlacementRule} says a group's placements do not fit (scheduler/generic_sched.go,
 * computePlacements: the first failure's AllocMetric, each further one of the group coalesced into it, and
 * ExhaustResources adding the group's memory/CPU per failure; createBlockedEval).
 */
final class PlacementFailures {
    static final String BLOCKED_DESCRIPTION = "created to place remaining allocations";

    private PlacementFailures() {
    }

    /** Group name → AllocMetric, or null when every placement fits (Nomad leaves the map nil). */
    static ObjectNode failed(PlacementRule rule, ObjectNode job, Map<String, Map<String, Long>> desired) {
        Map<String, ObjectNode> failed = new TreeMap<>();
        for (JsonNode group : job.path("TaskGroups")) {
            String name = group.path("Name").asText();
            Map<String, Long> counts = desired.get(name);
            long placements = counts == null ? 0
                    : counts.get("Place") + counts.get("DestructiveUpdate") + counts.get("Canary");
            if (placements == 0) {
                continue; // only a placement can fail; ignored and in-place allocations stay where they are
            }
            rule.failureFor(job.deepCopy(), name)
                    .ifPresent(f -> failed.put(name, metric(f, job, group, placements)));
        }
        if (failed.isEmpty()) {
            return null;
        }
        ObjectNode out = GoJson.object();
        failed.forEach(out::set);
        return out;
    }

    /** Evaluation.CreateBlockedEval for the plan's in-memory eval; the fields a plan's reader would look at. */
    static ObjectNode blockedEval(ObjectNode job, String namespace, ObjectNode failedTGAllocs) {
        ObjectNode eval = GoJson.object().put("ID", UUID.randomUUID().toString()).put("Namespace", namespace)
                .put("Priority", job.path("Priority").asLong()).put("Type", job.path("Type").asText())
                .put("TriggeredBy", "queued-allocs").put("JobID", job.path("ID").asText())
                .put("JobModifyIndex", job.path("JobModifyIndex").asLong()).put("Status", "blocked")
                .put("StatusDescription", BLOCKED_DESCRIPTION).put("PreviousEval", UUID.randomUUID().toString());
        eval.set("FailedTGAllocs", failedTGAllocs.deepCopy());
        eval.putNull("ClassEligibility");
        eval.put("EscapedComputedClass", false).put("QuotaLimitReached", "");
        return eval;
    }

    private static ObjectNode metric(PlacementFailure f, ObjectNode job, JsonNode group, long placements) {
        int sum = f.nodesAvailable().values().stream().mapToInt(Integer::intValue).sum();
        ObjectNode m = GoJson.object().put("NodesEvaluated", f.nodesEvaluated()).put("NodesFiltered", f.nodesFiltered())
                .put("NodesInPool", sum).put("NodePool", job.path("NodePool").asText("default"));
        m.set("NodesAvailable", counts(f.nodesAvailable()));
        m.set("ClassFiltered", counts(f.classFiltered()));
        m.set("ConstraintFiltered", counts(f.constraintFiltered()));
        m.put("NodesExhausted", f.nodesExhausted());
        m.set("ClassExhausted", counts(f.classExhausted()));
        m.set("DimensionExhausted", counts(f.dimensionExhausted()));
        m.set("QuotaExhausted", strings(f.quotaExhausted()));
        m.set("ResourcesExhausted", exhausted(f, group, placements));
        m.putNull("Scores");
        m.putNull("ScoreMetaData");
        m.put("AllocationTime", 0L);
        m.put("CoalescedFailures", placements - 1);
        return m;
    }

    /** AllocMetric.ExhaustResources, once per failed placement: nil unless a dimension was exhausted. */
    private static JsonNode exhausted(PlacementFailure f, JsonNode group, long placements) {
        if (f.dimensionExhausted().isEmpty()) {
            return GoJson.NODES.nullNode();
        }
        boolean memory = f.dimensionExhausted().getOrDefault("memory", 0) > 0;
        boolean cpu = f.dimensionExhausted().getOrDefault("cpu", 0) > 0;
        ObjectNode byTask = GoJson.object();
        for (JsonNode task : group.path("Tasks")) {
            ObjectNode r = byTask.putObject(task.path("Name").asText());
            r.put("CPU", cpu ? placements * task.at("/Resources/CPU").asLong() : 0).put("Cores", 0)
                    .put("MemoryMB", memory ? placements * task.at("/Resources/MemoryMB").asLong() : 0)
                    .put("MemoryMaxMB", 0).put("DiskMB", 0).put("IOPS", 0);
            r.putNull("Networks");
            r.putNull("Devices");
            r.putNull("NUMA");
            r.put("SecretsMB", 0);
        }
        return byTask;
    }

    private static JsonNode counts(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return GoJson.NODES.nullNode();
        }
        ObjectNode out = GoJson.object();
        new TreeMap<>(counts).forEach(out::put);
        return out;
    }

    private static JsonNode strings(List<String> values) {
        if (values.isEmpty()) {
            return GoJson.NODES.nullNode();
        }
        var out = GoJson.NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }
}
