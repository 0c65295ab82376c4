package dev.nomaddeployer.deploy;

import dev.nomaddeployer.nomad.JobKey;
import java.time.Instant;

/**
 * What one push did, or did not do, to one job: the pipeline's result, which the store records as a
 * {@link HistoryEntry}. {@code job} is null when the push concerned no job; {@code change} is set when a
 * meta value was written, {@code registration} when Nomad accepted the job.
 */
public record Decision(PushEvent push, Instant receivedAt, JobKey job, Outcome outcome, String message,
                       int attempts, MetaChange change, Registration registration) {

    /**
     * The evaluation and job version a register created, and the version's JobModifyIndex: later versions at
     * other indexes were written by someone else.
     */
    public record Registration(String evalId, long jobVersion, long jobModifyIndex) {}

    /** A decision about a target, as it was tried. */
    public static Decision of(Target target, Outcome outcome, String message) {
        return new Decision(target.push(), target.receivedAt(), target.job(), outcome, message, target.attempts(),
                null, null);
    }

    /** A decision about an accepted push before it became a target ({@code job} may be null). */
    public static Decision about(AcceptedPush accepted, JobKey job, Outcome outcome, String message) {
        return new Decision(accepted.push(), accepted.receivedAt(), job, outcome, message, 0, null, null);
    }

    public Decision withChange(MetaChange value) {
        return new Decision(push, receivedAt, job, outcome, message, attempts, value, registration);
    }

    public Decision withRegistration(Registration value) {
        return new Decision(push, receivedAt, job, outcome, message, attempts, change, value);
    }
}
