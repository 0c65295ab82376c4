package dev.nomaddeployer.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Nomad deployment object says about a rollout, in our statuses. Nomad's statuses and texts are those of
 * its deployment watcher (docs/rollouts.md): {@code successful}, {@code failed} (with " - rolling back to job
 * version N" when auto_revert re-registered an older version), {@code cancelled}, and the active ones.
 */
public record DeploymentReading(String deploymentId, long jobVersion, RolloutStatus status, String description,
                                List<GroupProgress> groups, Long rolledBackTo, long modifyIndex) {

    /**
     * The suffix Nomad appends to a failed deployment's description when it rolls back
     * ({@code structs.DeploymentStatusDescriptionRollback}); the only place Nomad names the version it went back to.
     */
    private static final Pattern ROLLBACK = Pattern.compile(" - rolling back to job version (\\d+)$");

    public static DeploymentReading of(JsonNode deployment) {
        List<GroupProgress> groups = new ArrayList<>();
        boolean awaitsPromotion = false;
        for (Map.Entry<String, JsonNode> group : deployment.path("TaskGroups").properties()) {
            JsonNode state = group.getValue();
            GroupProgress progress = new GroupProgress(group.getKey(), state.path("DesiredTotal").asLong(),
                    state.path("PlacedAllocs").asLong(), state.path("HealthyAllocs").asLong(),
                    state.path("UnhealthyAllocs").asLong(), state.path("DesiredCanaries").asLong(),
                    state.path("Promoted").asBoolean());
            groups.add(progress);
            // structs.Deployment.RequiresPromotion; with auto_promote Nomad promotes by itself, nobody waits.
            awaitsPromotion |= progress.desiredCanaries() > 0 && !progress.promoted()
                    && !state.path("AutoPromote").asBoolean();
        }
        String description = deployment.path("StatusDescription").asText("");
        Long backTo = null;
        RolloutStatus status;
        switch (deployment.path("Status").asText("")) {
            case "successful" -> status = RolloutStatus.ROLLED_OUT;
            case "cancelled" -> status = RolloutStatus.CANCELLED;
            case "failed" -> {
                Matcher rollback = ROLLBACK.matcher(description);
                if (rollback.find()) {
                    status = RolloutStatus.ROLLED_BACK;
                    backTo = Long.parseLong(rollback.group(1));
                } else {
                    status = RolloutStatus.FAILED;
                }
            }
            case "running" -> status = awaitsPromotion ? RolloutStatus.AWAITING_PROMOTION : RolloutStatus.ROLLING_OUT;
            default -> status = RolloutStatus.ROLLING_OUT; // paused, and the multi-region states of Enterprise
        }
        return new DeploymentReading(deployment.path("ID").asText(), deployment.path("JobVersion").asLong(),
                status, description, groups, backTo, deployment.path("ModifyIndex").asLong());
    }
}
