package dev.nomaddeployer.rollout;

import dev.nomaddeployer.nomad.JobKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The follow-up of one job version the service wrote: which deployment Nomad started for it, where it stands,
 * and, once it ended, how. {@code jobModifyIndex} is the write's own, so that later versions someone else wrote
 * can be told from ours; {@code deploymentIndex} the deployment's last ModifyIndex seen (blocking queries
 * continue from it).
 */
public record Rollout(long id, JobKey job, long jobVersion, long jobModifyIndex, String evalId, RolloutCause cause,
                      String deploymentId, RolloutStatus status, String description, List<GroupProgress> groups,
                      List<FailingTask> failures, Long rolledBackTo, long deploymentIndex, Instant startedAt,
                      Instant updatedAt, Instant finishedAt, Instant nextCheckAt) {

    public Rollout {
        groups = List.copyOf(groups);
        failures = List.copyOf(failures);
    }

    /**
     * Nomad's scheduler creates the deployment a moment after the register; the event stream usually reports it
     * before this, so the first read is saved.
     */
    public static final Duration FIRST_CHECK = Duration.ofSeconds(5);

    /** A follow-up just begun for a version the service registered. */
    public static Rollout begun(JobKey job, long jobVersion, long jobModifyIndex, String evalId, RolloutCause cause,
                                Instant now) {
        return new Rollout(0, job, jobVersion, jobModifyIndex, evalId, cause, null, RolloutStatus.ROLLING_OUT,
                "waiting for Nomad to schedule job version " + jobVersion, List.of(), List.of(), null, 0, now, now,
                null, now.plus(FIRST_CHECK));
    }

    /** From the write to the end, or to now while it lasts. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
    }

    public Rollout withReading(DeploymentReading reading, Instant now) {
        return new Rollout(id, job, jobVersion, jobModifyIndex, evalId, cause, reading.deploymentId(),
                reading.status(), reading.description(), reading.groups(), failures, reading.rolledBackTo(),
                Math.max(deploymentIndex, reading.modifyIndex()), startedAt, now,
                reading.status().finished() ? now : null, nextCheckAt);
    }

    /** Ended without a deployment to read (none started, or the version was replaced before one was). */
    public Rollout ended(RolloutStatus end, String text, Long backTo, Instant now) {
        return new Rollout(id, job, jobVersion, jobModifyIndex, evalId, cause, deploymentId, end, text, groups,
                failures, backTo, deploymentIndex, startedAt, now, now, nextCheckAt);
    }

    public Rollout withFailures(List<FailingTask> value) {
        return new Rollout(id, job, jobVersion, jobModifyIndex, evalId, cause, deploymentId, status, description,
                groups, value, rolledBackTo, deploymentIndex, startedAt, updatedAt, finishedAt, nextCheckAt);
    }

    public Rollout nextCheckAt(Instant value) {
        return new Rollout(id, job, jobVersion, jobModifyIndex, evalId, cause, deploymentId, status, description,
                groups, failures, rolledBackTo, deploymentIndex, startedAt, updatedAt, finishedAt, value);
    }

    public Rollout withId(long value) {
        return new Rollout(value, job, jobVersion, jobModifyIndex, evalId, cause, deploymentId, status, description,
                groups, failures, rolledBackTo, deploymentIndex, startedAt, updatedAt, finishedAt, nextCheckAt);
    }

    /** Whether what people see (status or Nomad's text) differs from {@code before}. */
    public boolean changedFrom(Rollout before) {
        return status != before.status || !java.util.Objects.equals(description, before.description);
    }
}
