package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.image.RegistryHosts;
import java.time.Duration;
import java.util.ArrayList;
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

    private final JobIndex index;
    private final RegistryHosts hosts;
    private final Function<String, Duration> grammar;
    private final String accepted;

    public Cooldowns(JobIndex index, RegistryHosts hosts, Function<String, Duration> grammar, String accepted) {
        this.index = index;
        this.hosts = hosts;
        this.grammar = grammar;
        this.accepted = accepted;
    }

    /**
     * The expansion with each discovered job's cooldown on its target; a job whose cooldown cannot be read is
     * taken out and recorded as skipped (which value, what is accepted), never deployed by a guess.
     */
    public Expander.Expansion apply(AcceptedPush accepted, Expander.Expansion expansion) {
        List<JobRef> jobs = new ArrayList<>();
        List<Decision> decided = new ArrayList<>(expansion.decided());
        for (JobRef job : expansion.jobs()) {
            if (job.explicitKey() != null) {
                jobs.add(job);
                continue;
            }
            Reading reading = read(index.usagesOf(job.job()), accepted.push());
            if (reading.problem().isPresent()) {
                decided.add(Decision.about(accepted, job.job(), Outcome.SKIPPED, reading.problem().get()));
            } else {
                jobs.add(job.withCooldown(reading.cooldown()));
            }
        }
        return new Expander.Expansion(List.copyOf(jobs), decided);
    }

    /** The cooldown, or why none could be read. */
    record Reading(Duration cooldown, Optional<String> problem) {}

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
