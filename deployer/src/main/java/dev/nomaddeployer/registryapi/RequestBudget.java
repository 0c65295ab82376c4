package dev.nomaddeployer.registryapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token bucket: {@link RequestRate#permits()} requests at once, refilled evenly over {@link RequestRate#per()}.
 * One per registry entry, shared by every request to the registry and its token service, whichever caller sends it.
 * A permit may be taken before it has come back (the bucket runs into debt), so callers are served in the order
 * they asked and each learns at once how long it must wait. Pure: the caller gives the time and does the waiting.
 */
final class RequestBudget {
    private final long capacityNanos;
    private final long intervalNanos;
    /** When the bucket is full again; before {@code now} it is full. Debt shows as a moment after now. */
    private Instant fullAt;

    RequestBudget(RequestRate rate, Instant now) {
        this.intervalNanos = Math.max(1, rate.interval().toNanos());
        this.capacityNanos = Math.multiplyExact(intervalNanos, rate.permits());
        this.fullAt = now;
    }

    /**
     * Takes one permit if it is free now or within {@code longestWait}.
     *
     * @return how long the caller must wait before sending (zero when a permit is free now); empty when it would wait
     * longer than {@code longestWait}, and then no permit is taken
     */
    synchronized Optional<Duration> take(Instant now, Duration longestWait) {
        Instant full = fullAt.isBefore(now) ? now : fullAt;
        Instant afterTaking = full.plusNanos(intervalNanos);
        // the bucket holds capacity: a permit is free now as long as taking it leaves the refill within capacity
        Duration wait = Duration.between(now.plusNanos(capacityNanos), afterTaking);
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        if (wait.compareTo(longestWait) > 0) {
            return Optional.empty();
        }
        fullAt = afterTaking;
        return Optional.of(wait);
    }

    /** How long until a permit is free, without taking it (zero when one is free now). */
    synchronized Duration untilFree(Instant now) {
        Instant full = fullAt.isBefore(now) ? now : fullAt;
        Duration wait = Duration.between(now.plusNanos(capacityNanos), full.plusNanos(intervalNanos));
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
