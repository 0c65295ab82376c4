package dev.nomaddeployer.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Nomad's answer to {@code POST /v1/job/:id/plan}: the answer as Nomad sent it, and what the deployer reads
 * from it, the groups whose placements would fail (with the reason in words) and the fields the job's new
 * version changes.
 */
public record JobPlan(JsonNode response, List<FailedPlacement> failedPlacements, List<PlanChange> changes) {
    public JobPlan {
        failedPlacements = List.copyOf(failedPlacements);
        changes = List.copyOf(changes);
    }

    /** A group Nomad's scheduler found no node for: how many allocations, and why ({@link PlacementFailureText}). */
    public record FailedPlacement(String group, int allocations, String reason) {}

    /**
     * One field the plan's diff reports changed. {@code scope} is {@code job}, {@code group G} or
     * {@code task G/T}; {@code field} is Nomad's name, with the objects it sits in before it
     * ({@code Meta[VERSION]}, {@code Config.image}); an added field has an empty old value, a deleted one an
     * empty new value.
     */
    public record PlanChange(String scope, String field, String oldValue, String newValue) {}

    /** Reads the plan's answer; a missing {@code Diff} (not asked for) gives no changes. */
    public static JobPlan of(JsonNode response) {
        return new JobPlan(response, PlacementFailureText.failedPlacements(response.path("FailedTGAllocs")),
                PlanDiffSummary.changes(response.path("Diff")));
    }

    public boolean placementFails() {
        return !failedPlacements.isEmpty();
    }

    /**
     * What the new version changes and what the scheduler would do with each group:
     * {@code job: Meta[VERSION] 1.5.0 -> 1.6.0; updates: group web: create/destroy update 1, ignore 2}.
     */
    public String summary() {
        String updates = PlanDiffSummary.updates(response.path("Diff"));
        return PlanDiffSummary.text(changes) + (updates.isEmpty() ? "" : "; updates: " + updates);
    }

    /** {@code placement ok}, or {@code placement would fail: group web: 3 allocations not placed: …}. */
    public String verdict() {
        return placementFails() ? "placement would fail: " + PlacementFailureText.describe(failedPlacements)
                : "placement ok";
    }
}
