package dev.nomaddeployer.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a plan's {@code FailedTGAllocs} (group → the scheduler's AllocMetric) into the causes the Nomad CLI
 * lists for a failed placement: no eligible node, datacenters without nodes, nodes excluded by class or
 * constraint, exhausted resources, classes and dimensions, quotas (nomad-source-notes.md, "CLI text of a
 * failed placement"). Nomad's maps come in any order; they are listed by key so the text is stable.
 */
public final class PlacementFailureText {
    private PlacementFailureText() {
    }

    /** The failed groups by name; empty for a null or missing {@code FailedTGAllocs}. */
    static List<JobPlan.FailedPlacement> failedPlacements(JsonNode failedTGAllocs) {
        Map<String, JsonNode> byGroup = new TreeMap<>();
        failedTGAllocs.fields().forEachRemaining(e -> byGroup.put(e.getKey(), e.getValue()));
        List<JobPlan.FailedPlacement> out = new ArrayList<>();
        byGroup.forEach((group, metric) -> out.add(new JobPlan.FailedPlacement(group,
                metric.path("CoalescedFailures").asInt() + 1, reason(metric))));
        return out;
    }

    /** The causes one AllocMetric records, joined with ", "; Nomad's own summary when it records none. */
    public static String reason(JsonNode metric) {
        List<String> causes = new ArrayList<>();
        if (metric.path("NodesEvaluated").asInt() == 0) {
            causes.add("no nodes were eligible for evaluation");
        }
        counts(metric.path("NodesAvailable")).forEach((dc, n) -> {
            if (n == 0) {
                causes.add("no nodes are available in datacenter \"" + dc + "\"");
            }
        });
        counts(metric.path("ClassFiltered")).forEach((c, n) ->
                causes.add("class \"" + c + "\" excluded " + nodes(n)));
        counts(metric.path("ConstraintFiltered")).forEach((c, n) ->
                causes.add("constraint \"" + c + "\" excluded " + nodes(n)));
        int exhausted = metric.path("NodesExhausted").asInt();
        if (exhausted > 0) {
            causes.add("resources exhausted on " + nodes(exhausted));
        }
        counts(metric.path("ClassExhausted")).forEach((c, n) ->
                causes.add("class \"" + c + "\" exhausted on " + nodes(n)));
        counts(metric.path("DimensionExhausted")).forEach((d, n) ->
                causes.add("dimension \"" + d + "\" exhausted on " + nodes(n)));
        metric.path("QuotaExhausted").forEach(q -> causes.add("quota limit reached for \"" + q.asText() + "\""));
        if (causes.isEmpty()) {
            causes.add("no node fits (" + nodes(metric.path("NodesEvaluated").asInt()) + " evaluated)");
        }
        return String.join(", ", causes);
    }

    /**
     * {@code group web: 3 allocations not placed: resources exhausted on 3 nodes, …; group api: 1 allocation
     * not placed: …}.
     */
    public static String describe(List<JobPlan.FailedPlacement> failed) {
        return failed.stream().map(f -> "group " + f.group() + ": " + f.allocations() + " allocation"
                + (f.allocations() == 1 ? "" : "s") + " not placed: " + f.reason()).collect(Collectors.joining("; "));
    }

    private static Map<String, Integer> counts(JsonNode map) {
        Map<String, Integer> out = new TreeMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    private static String nodes(int n) {
        return n + (n == 1 ? " node" : " nodes");
    }
}
