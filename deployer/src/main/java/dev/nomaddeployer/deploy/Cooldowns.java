package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.image.RegistryHosts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A job's {@code nomad-deployer.cooldown} (or {@code nomad-deployer.cooldown.<KEY>}): a pushed tag is applied only
 * once it is that old, a brake against a bad or malicious image that is noticed and replaced within minutes.
 * Read from the index's copy of the job when a push is expanded; the target then waits in the queue until its
 * push, as {@link NewestPushWins#rank} dates it, is that old, and a newer push in the meantime replaces it and
 * waits its own cooldown. Of several tasks running the pushed repository, the longest cooldown holds.
 *
 * <p>The value is a duration in the grammar of the settings ({@code config.GoDuration}, handed in as {@code grammar},
 * which throws with the reason): {@code deploy} does not depend on {@code config}, which depends on it.
 */
public final class Cooldowns {
    public static final String DIRECTIVE = "cooldown";

    private final RegistryHosts hosts;
    private final Function<String, Duration> grammar;
    private final String accepted;

    public Cooldowns(RegistryHosts hosts, Function<String, Duration> grammar, String accepted) {
        this.hosts = hosts;
        this.grammar = grammar;
        this.accepted = accepted;
    }

    /** The cooldown, or why none could be read. */
    record Reading(Duration cooldown, Optional<String> problem) {}

    /** The longest cooldown of the usages running the pushed repository, from the index's copy of the job. */
    Reading read(List<JobUsage> usages, PushEvent push) {
        Duration longest = Duration.ZERO;
        for (JobUsage usage : usages) {
            if (!hosts.runs(usage.template(), push.registryHost(), push.repository())) {
                continue;
            }
            Optional<String> value = usage.directive(DIRECTIVE);
            if (value.isEmpty()) {
                continue;
            }
            Duration cooldown;
            try {
                cooldown = grammar.apply(value.get());
            } catch (IllegalArgumentException e) {
                return invalid(usage, value.get(), e.getMessage());
            }
            if (cooldown.isNegative()) {
                return invalid(usage, value.get(), "must not be negative");
            }
            if (cooldown.compareTo(longest) > 0) {
                longest = cooldown;
            }
        }
        return new Reading(longest, Optional.empty());
    }

    private Reading invalid(JobUsage usage, String value, String reason) {
        return new Reading(Duration.ZERO, Optional.of(JobUsage.DIRECTIVE_PREFIX + DIRECTIVE + " \"" + value
                + "\" of task " + usage.taskPath() + " is not a cooldown (" + reason + "); accepted: " + accepted
                + "; the job is left alone"));
    }
}
