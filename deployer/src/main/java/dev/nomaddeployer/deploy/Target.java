package dev.nomaddeployer.deploy;

import dev.nomaddeployer.nomad.JobKey;
import java.time.Instant;

/**
 * The newest push still to be applied to one job for one repository. Older pushes that arrive for the same
 * pair are folded into it (newest wins, {@link NewestPushWins}), which is how bursts coalesce into one register.
 * {@code interrupted}: the service stopped while applying it, so its register may have reached Nomad.
 * {@code restraint}: what keeps it from the job (a pause, a protected tag), as the store found it when the target
 * was claimed; null when nothing does.
 */
public record Target(JobKey job, String explicitKey, long eventSeq, PushEvent push, Instant receivedAt,
                     int attempts, boolean interrupted, Restraint restraint) {
    public Target(JobKey job, String explicitKey, long eventSeq, PushEvent push, Instant receivedAt, int attempts) {
        this(job, explicitKey, eventSeq, push, receivedAt, attempts, false, null);
    }

    public Target(JobKey job, String explicitKey, long eventSeq, PushEvent push, Instant receivedAt, int attempts,
                  boolean interrupted) {
        this(job, explicitKey, eventSeq, push, receivedAt, attempts, interrupted, null);
    }

    public Target withRestraint(Restraint value) {
        return new Target(job, explicitKey, eventSeq, push, receivedAt, attempts, interrupted, value);
    }

    /** The push {@code accepted} aimed at {@code job}, before it has been tried. */
    public static Target of(AcceptedPush accepted, JobRef job) {
        return new Target(job.job(), job.explicitKey(), accepted.seq(), accepted.push(), accepted.receivedAt(), 0);
    }

    public String namespace() {
        return job.namespace();
    }

    public String jobId() {
        return job.jobId();
    }

    public String repository() {
        return push.repository();
    }

    /** Where this push stands in the newest-wins order ({@link NewestPushWins#rank}). */
    public Instant rank() {
        return NewestPushWins.rank(push.timestamp(), receivedAt);
    }
}
