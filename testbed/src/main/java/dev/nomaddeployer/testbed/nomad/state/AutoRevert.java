package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The deployment watcher's failure path (its own verdict or the fail endpoint's): mark the deployment failed and, when a group asks for
 * auto_revert, re-register the newest stable older version as a new version in the same entry.
 */
final class AutoRevert {
    private final ClusterState state;
    private final JobWrites writes;

    AutoRevert(ClusterState state, JobWrites writes) {
        this.state = state;
        this.writes = writes;
    }

    /** Fails {@code deployment} with {@code base} (plus the rollback suffix); returns the version reverted to, or null. */
    Long fail(ClusterState.Write w, JobEntry entry, ObjectNode deployment, String base) {
        String description = base;
        boolean autoRevert = false;
        for (JsonNode group : deployment.get("TaskGroups")) {
            autoRevert |= group.get("AutoRevert").asBoolean();
        }
        ObjectNode rollback = null;
        long failedVersion = deployment.get("JobVersion").asLong();
        if (autoRevert && state.isCurrent(entry)) {
            ObjectNode stable = entry.versions.stream()
                    .filter(v -> v.get("Stable").asBoolean() && v.get("Version").asLong() < failedVersion)
                    .findFirst().orElse(null);
            if (stable == null) {
                description += " - no stable job version to auto revert to";
            } else if (!JobCanonicalizer.specChanged(stable, entry.job)) {
                description += " - not rolling back to stable job version " + stable.get("Version").asLong()
                        + " as current job has same specification";
            } else {
                description += " - rolling back to job version " + stable.get("Version").asLong();
                rollback = stable.deepCopy();
            }
        }
        Deployments.setStatus(deployment, w, "failed", description);
        if (rollback == null) {
            return null;
        }
        long stableVersion = rollback.get("Version").asLong();
        writes.storeRollback(w, rollback, entry.version() + 1, deployment, entry.job.get("Priority").asLong());
        return stableVersion;
    }
}
