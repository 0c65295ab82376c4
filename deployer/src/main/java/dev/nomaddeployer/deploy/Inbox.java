package dev.nomaddeployer.deploy;

import java.time.Instant;
import java.util.List;

/**
 * Pushes the webhook accepted and the pipeline has not yet turned into per-job targets. The registry re-sends
 * an event with the same id until it gets a 2xx, so the id is the deduplication key.
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

    /** The jobs of a push could not be determined now (Nomad unreachable); try again at {@code next}. */
    void defer(AcceptedPush push, String error, Instant next);

    /**
     * Turns a push into one target per job ({@link NewestPushWins} deciding each job's slot), records
     * {@code unmatched}, and marks the push done: all in one transaction.
     */
    void expand(AcceptedPush push, List<JobRef> jobs, List<Decision> unmatched, Instant now);

    /** Forgets expanded pushes received before {@code before}; their ids stop being deduplicated after that. */
    int prune(Instant before);
}
