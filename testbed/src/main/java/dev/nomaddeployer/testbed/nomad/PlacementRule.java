package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether the scheduler can place a task group's new allocations; tests swap it with
 * {@code sim.placementRule}. A plan (`/v1/job/:id/plan`) consults it for every group that needs a placement
 * and answers the failure in `FailedTGAllocs`, as Nomad's generic scheduler does when no node fits
 * (scheduler/generic_sched.go, computePlacements). Registers are not affected: the simulated cluster still
 * places them (docs/testbed-nomad-sim.md#what-is-not-simulated).
 */
@FunctionalInterface
public interface PlacementRule {

    /** Called with a copy of the planned job and the group's name; empty when every placement fits. */
    Optional<PlacementFailure> failureFor(ObjectNode job, String group);

    /**
     * What the scheduler's metrics say about a failed placement (structs.AllocMetric). Maps and lists may be
     * empty; Nomad leaves those it never filled null, and so does the simulator.
     */
    record PlacementFailure(int nodesEvaluated, int nodesFiltered, Map<String, Integer> nodesAvailable,
                            Map<String, Integer> classFiltered, Map<String, Integer> constraintFiltered,
                            int nodesExhausted, Map<String, Integer> classExhausted,
                            Map<String, Integer> dimensionExhausted, List<String> quotaExhausted) {
        public PlacementFailure {
            nodesAvailable = Map.copyOf(nodesAvailable);
            classFiltered = Map.copyOf(classFiltered);
            constraintFiltered = Map.copyOf(constraintFiltered);
            classExhausted = Map.copyOf(classExhausted);
            dimensionExhausted = Map.copyOf(dimensionExhausted);
            quotaExhausted = List.copyOf(quotaExhausted);
        }

        /** Every one of {@code nodes} nodes in datacenter dc1 was evaluated and lacked {@code dimension}. */
        public static PlacementFailure exhausted(int nodes, String dimension) {
            return new PlacementFailure(nodes, 0, Map.of("dc1", nodes), Map.of(), Map.of(), nodes, Map.of(),
                    Map.of(dimension, nodes), List.of());
        }

        /** Every one of {@code nodes} nodes was filtered out by {@code constraint}. */
        public static PlacementFailure filtered(int nodes, String constraint) {
            return new PlacementFailure(nodes, nodes, Map.of("dc1", nodes), Map.of(), Map.of(constraint, nodes), 0,
                    Map.of(), Map.of(), List.of());
        }
    }

    static PlacementRule fitsAll() {
        return (job, group) -> Optional.empty();
    }

    /** Placements of {@code group} in job {@code jobId} fail as {@code failure} says; everything else fits. */
    static PlacementRule failGroup(String jobId, String group, PlacementFailure failure) {
        return (job, g) -> jobId.equals(job.path("ID").asText()) && group.equals(g)
                ? Optional.of(failure) : Optional.empty();
    }
}
