package dev.nomaddeployer.deploy;

import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Targets waiting to be applied to Nomad. A claimed target is running; finishing it is a compare-and-set on
 * the push it was claimed with, so a newer push that arrived meanwhile stays pending and is applied next.
 *
 * <p>The writes of dispatching carry the leader's {@link Fence}: the store checks it in the same transaction and
 * refuses the whole write with {@link Deposed} when the lease has another holder or epoch, or expired.
 */
public interface TargetQueue {
    /**
     * Work that was running when its replica stopped, crashed or lost the lease is simply due again, marked as
     * interrupted: the planner makes re-applying harmless, and reads back a register that reached Nomad.
     */
    int resumeInterrupted(Fence fence, Instant now);

    /** Claims up to {@code limit} due targets, oldest first, at most one per job, none of {@code busyJobs}. */
    List<Target> claimDue(Fence fence, Instant now, int limit, Set<JobKey> busyJobs);

    /** Records the decisions and marks the target done, unless a newer push replaced it meanwhile. */
    void finish(Fence fence, Target target, List<Decision> decisions, Instant now);

    /**
     * Puts the target back for another try at {@code next}, recording {@code decisions}; a newer push that
     * replaced it is left alone.
     */
    void retryLater(Fence fence, Target target, int attempts, Instant next, String error, List<Decision> decisions, Instant now);

    /**
     * An operator's retry: for each repository of {@code job}, the push holding its slot is pending again when its
     * last decision was {@link Outcome#retryable()} (the slot always holds the newest push, so one registered or
     * pending since stands in the way), and {@code by} is recorded in the history as {@link Outcome#RETRIED}.
     * Not fenced: like a pause, any replica may take it; the leader applies what it put back.
     */
    RetryAnswer retry(JobKey job, String by, Instant now);

    /** A target not yet applied and when it is due (a cooldown's end, a retry's back-off; the past: now). */
    record Waiting(Target target, Instant dueAt) {}

    /** Pending targets, oldest push first, at most {@code limit}; {@code job} empty = every job. */
    List<Waiting> waiting(Optional<String> jobId, int limit);

    /** Targets not yet done (pending or running); zero means every accepted push has been applied. */
    int openCount();

    /** When the push behind the longest-waiting target not yet done was received; empty when all are done. */
    Optional<Instant> oldestOpen();

    /** The earliest time a pending target becomes due (null: none), so the dispatcher can sleep until then. */
    Instant nextDue();
}
