package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.rollout.FailingTask;
import dev.nomaddeployer.rollout.GroupProgress;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutChange;
import java.time.Instant;
import java.util.List;

/** How the API shows a rollout, next to the decision that caused it (docs/rollouts.md lists the fields). */
public final class RolloutJson {
    private RolloutJson() {}

    public static ObjectNode of(Rollout rollout, List<RolloutChange> changes, Instant now) {
        ObjectNode node = Replies.JSON.createObjectNode();
        node.put("status", rollout.status().label());
        node.put("description", rollout.description());
        node.put("deployment_id", rollout.deploymentId());
        node.put("job_version", rollout.jobVersion());
        node.put("rolled_back_to", rollout.rolledBackTo());
        node.put("started_at", rollout.startedAt().toString());
        node.put("finished_at", rollout.finishedAt() == null ? null : rollout.finishedAt().toString());
        node.put("duration_seconds", rollout.duration(now).toMillis() / 1000.0);
        ObjectNode groups = node.putObject("groups");
        for (GroupProgress group : rollout.groups()) {
            groups.putObject(group.group()).put("desired", group.desired()).put("placed", group.placed())
                    .put("healthy", group.healthy()).put("unhealthy", group.unhealthy())
                    .put("desired_canaries", group.desiredCanaries()).put("promoted", group.promoted());
        }
        ArrayNode steps = node.putArray("changes");
        for (RolloutChange change : changes) {
            steps.addObject().put("at", change.at().toString()).put("status", change.status().label())
                    .put("description", change.description());
        }
        ArrayNode failures = node.putArray("failures");
        for (FailingTask failure : rollout.failures()) {
            failures.addObject().put("allocation_id", failure.allocationId()).put("group", failure.group())
                    .put("task", failure.task()).put("event", failure.eventType()).put("message", failure.message());
        }
        return node;
    }
}
