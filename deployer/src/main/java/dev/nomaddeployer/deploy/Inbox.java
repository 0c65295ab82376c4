package dev.nomaddeployer.deploy;

import dev.nomaddeployer.leadership.Fence;
import java.time.Instant;
import java.util.List;

/**
 * Pushes the webhook accepted and the pipeline has not yet turned into per-job targets. The registry re-sends
 * an event with the same id until it gets a 2xx, so the id is the deduplication key. Every replica accepts
 * pushes; only the leader expands them, under its {@link Fence} (see {@link TargetQueue}).
 */
public interface Inbox {
    /** Stores the pushes durably (committed on return) and says how many were new. */
    int accept(List<PushEvent> pushes, Instant receivedAt);

    /**
     * Pending pushes in receive order. When the oldest is waiting for a retry nothing is returned, so that
     * pushes are always expanded in the order they arrived.
     */
    List<AcceptedPush> pending(Instant now, int limit);

    int pendingCount();

    /** A pending push with the jobs it was found to concern and what is recorded for it at once. */
    record ExpandedPush(AcceptedPush push, List<JobRef> jobs, List<Decision> decided) {}

    /**
     * Turns each push into one target per job ({@link NewestPushWins} deciding each job's slot), records its
     * {@code decided}, and marks it done: all pushes in one transaction, one after the other in the order given
     * (their arrival order), so each ruling sees the slots the pushes before it took. Refused as a whole with
     * {@link Deposed} unless {@code fence} still holds the dispatch lease.
     */
    void expand(Fence fence, List<ExpandedPush> pushes, Instant now);

    /** {@link #expand(Fence, List, Instant)} for one push. */
    default void expand(Fence fence, AcceptedPush push, List<JobRef> jobs, List<Decision> decided, Instant now) {
        expand(fence, List.of(new ExpandedPush(push, jobs, decided)), now);
    }

    /** Forgets expanded pushes received before {@code before}; their ids stop being deduplicated after that. */
    int prune(Instant before);
}
