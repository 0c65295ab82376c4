package dev.nomaddeployer.deploy;

import dev.nomaddeployer.leadership.Fence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes how an attempt ended to the target queue: done with its decisions, or due again after a back-off. */
final class AttemptRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final TargetQueue queue;
    private final Backoff backoff;

    AttemptRecorder(TargetQueue queue, Backoff backoff) {
        this.queue = queue;
        this.backoff = backoff;
    }

    /**
     * @throws StoreException when the store cannot take it; the caller keeps the attempt and tries again
     * @throws Deposed        when {@code fence} no longer holds the lease; the new leader resumes the target
     */
    void record(Fence fence, Target target, Attempt attempt, Instant now) {
        if (attempt instanceof Attempt.Decided decided) {
            queue.finish(fence, target, decided.decisions(), now);
        } else if (attempt instanceof Attempt.RetryLater retry) {
            int attempts = target.attempts() + 1;
            Duration backedOff = backoff.delay(attempts);
            Duration delay = retry.atLeast().compareTo(backedOff) > 0 ? retry.atLeast() : backedOff;
            LOG.warn("event=retry namespace={} job={} repository={} tag={} attempt={} retry_in={} reason=\"{}\"",
                    target.namespace(), target.jobId(), target.repository(), target.push().tag(), attempts,
                    delay, retry.reason());
            queue.retryLater(fence, target, attempts, now.plus(delay), retry.reason(), List.of(), now);
        } else if (attempt instanceof Attempt.Blocked blocked) {
            int attempts = target.attempts() + 1;
            // Recorded once per push, not at every try: the history says what is wrong, not how often.
            List<Decision> record = target.attempts() == 0 ? List.of(blocked.decision()) : List.of();
            queue.retryLater(fence, target, attempts, now.plus(backoff.delay(attempts)), blocked.decision().message(),
                    record, now);
        } else {
            throw new IllegalStateException("no handling for attempt " + attempt);
        }
    }
}
