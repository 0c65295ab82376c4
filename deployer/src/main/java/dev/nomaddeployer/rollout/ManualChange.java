package dev.nomaddeployer.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.JobUsages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone else changed what the service owns in a job: a meta value it set now holds another value, in a version
 * the service did not write. {@code revert} is true when every changed value is back at the value the service
 * replaced, which is what {@code nomad job revert} (or re-running an old jobspec) does.
 */
public record ManualChange(List<Moved> moved, long jobVersion, String tokenAccessor, boolean revert) {

    /** One owned meta value: what the service set, and what it is now. */
    public record Moved(String key, String set, String now, String before) {}

    /**
     * Compares the values the service set in its last version with {@code job}, a later version someone else
     * wrote. Empty when they still hold (the change was elsewhere in the job: counts, other meta, ...).
     */
    public static Optional<ManualChange> between(List<ValueSet> setByUs, ObjectNode job) {
        List<JobUsage> usages = JobUsages.of(job);
        List<Moved> moved = new ArrayList<>();
        for (ValueSet value : setByUs) {
            for (JobUsage usage : usages) {
                Optional<String> now = valueOf(usage, value.key());
                if (now.isPresent() && !Objects.equals(now.get(), value.newValue())) {
                    moved.add(new Moved(value.key(), value.newValue(), now.get(), value.oldValue()));
                    break;
                }
            }
        }
        if (moved.isEmpty()) {
            return Optional.empty();
        }
        boolean revert = moved.stream().allMatch(m -> Objects.equals(m.now(), m.before()));
        JsonNode token = job.path("NomadTokenID");
        return Optional.of(new ManualChange(moved, job.path("Version").asLong(),
                token.asText("").isEmpty() ? null : token.asText(), revert));
    }

    /** What {@code key} holds for {@code usage}, when it is the usage's tag key or the key of its digest. */
    private static Optional<String> valueOf(JobUsage usage, String key) {
        if (usage.isResolved() && usage.metaKey().equals(key)) {
            return Optional.ofNullable(usage.currentValue());
        }
        if (usage.followsDigest() && usage.digest().isResolved() && usage.digest().metaKey().equals(key)) {
            return Optional.ofNullable(usage.digest().currentValue());
        }
        return Optional.empty();
    }

    /** For the pause and the history: which value moved, in which version, by which token. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Moved m : moved) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(m.key()).append(" changed from ").append(m.set()).append(" to ").append(m.now());
        }
        text.append(" in job version ").append(jobVersion).append(", by a register nomad-deployer did not make");
        if (tokenAccessor != null) {
            text.append(" (Nomad token accessor ").append(tokenAccessor).append(')');
        }
        if (revert) {
            text.append("; the job is back at the value it had before, as after `nomad job revert`");
        }
        return text.toString();
    }
}
