package dev.nomaddeployer.rollout;

import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The follow-ups in the store. A register's follow-up is begun in the same transaction that records the register
 * (so a stop between the two loses none); the follower then keeps it current until it ends.
 */
public interface Rollouts {
    /** Unfinished follow-ups whose next check is due, the longest waiting first. */
    List<Rollout> due(Instant now, int limit);

    /** Every unfinished follow-up (to resume after a restart or a change of leader). */
    List<Rollout> open();

    /** How many follow-ups are unfinished; for the metrics. */
    int followingCount();

    /**
     * The newest follow-up of {@code job} (the last version the service wrote) while the service still owns what it
     * set there; empty when it never wrote the job, or the job was stopped or purged since ({@link #release}).
     */
    Optional<Rollout> latestOf(JobKey job);

    /**
     * The job was stopped or purged: what the service set there is nobody's any more, so a job run again from its
     * jobspec is a new start, not someone overriding the service. The next register by the service owns it again.
     */
    void release(Fence fence, JobKey job, Instant now);

    /**
     * Writes {@code rollout}'s state, unless what is stored is newer: a deployment ModifyIndex above the one read,
     * or an end (only a rollout that rolled out can still turn out rolled back). When its status or Nomad's text
     * changed, the change is kept for the history; when it ended failed or rolled back, the tags its version
     * brought are protected with {@code protectReason}.
     *
     * @return whether the status or Nomad's text changed (false also when the stored state was newer)
     * @throws dev.nomaddeployer.deploy.Deposed when {@code fence} no longer holds the lease
     */
    boolean record(Fence fence, Rollout rollout, String protectReason, Instant now);

    /** One state to record, and the reason its tags are protected when it ended failed or rolled back. */
    record Step(Rollout rollout, String protectReason) {}

    /** {@link #record} for several steps in one transaction; whether each changed, in order. */
    List<Boolean> recordAll(Fence fence, List<Step> steps, Instant now);

    /** Begins a follow-up of a version the service wrote outside the target queue (its own revert). */
    Rollout begin(Fence fence, Rollout rollout, Instant now);

    /** The tags {@code version} brought, protected because someone else reverted it. */
    void protect(Fence fence, VersionKey version, String reason, Instant now);

    /** The steps of one follow-up, oldest first. */
    List<RolloutChange> changesOf(long rolloutId);

    /**
     * Status changes of every rollout recorded at {@code since} or later, oldest first, at most {@code limit}; for
     * the web UI's live view.
     */
    List<RolloutEvent> changesSince(Instant since, int limit);

    /** One recorded change of a rollout, with the job and version it follows. */
    record RolloutEvent(long rolloutId, JobKey job, long jobVersion, RolloutChange change) {}

    /** The follow-ups of these versions, for the decisions that registered them. */
    Map<VersionKey, Rollout> ofVersions(Collection<VersionKey> versions);

    /** The meta values the service set in {@code version}, as the history recorded them. */
    List<ValueSet> valuesSetIn(VersionKey version);

    /** Versions the service registered for a push whose Nomad version tag was not tried yet, oldest first. */
    List<Rollout> unstamped(int limit);

    /** The versions of these rollouts carry these version tags ("" = none: Nomad has no tags, ...); one commit. */
    void stamped(Fence fence, Map<Long, String> names, Instant now);

    /** The unfinished follow-ups of {@code job}, oldest version first. */
    List<Rollout> openOf(JobKey job);
}
