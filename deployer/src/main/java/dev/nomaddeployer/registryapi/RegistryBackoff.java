package dev.nomaddeployer.registryapi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long to leave one registry alone after it asked us to slow down (429) or was not serving (5xx, no answer).
 * After a 429 nothing is sent until the back-off ends: the registry said so, and asking anyway only extends its
 * penalty. After a failure to serve, callers may still try (a digest confirmation retries on its own schedule),
 * but {@link #until} tells a periodic reader such as the poll to skip the registry until then.
 * Consecutive 429s (or failures) double the wait up to {@link #CAP}; any other answer ends the back-off. Pure.
 */
final class RegistryBackoff {
    /** When a 429 says no {@code Retry-After}, and after the first failure to serve. */
    static final Duration FIRST = Duration.ofSeconds(5);
    /** Also the most a {@code Retry-After} is honoured for: a registry's typo must not silence it for a day. */
    static final Duration CAP = Duration.ofMinutes(10);

    private int tooMany;
    private int unavailable;
    private Instant refusingUntil = Instant.MIN;
    private Instant unavailableUntil = Instant.MIN;

    /** A 429, with the registry's {@code Retry-After} when it sent one. */
    synchronized void tooManyRequests(Instant now, Optional<Duration> retryAfter) {
        tooMany++;
        Duration wait = retryAfter.filter(after -> !after.isZero()).orElseGet(() -> doubled(tooMany));
        refusingUntil = now.plus(min(wait, CAP));
    }

    /** A 5xx, a refused connection or no answer in time. */
    synchronized void notServing(Instant now) {
        unavailable++;
        unavailableUntil = now.plus(doubled(unavailable));
    }

    /** Any answer the registry gave on purpose (2xx, 404, 401...): it is serving and not limiting us. */
    synchronized void answered() {
        tooMany = 0;
        unavailable = 0;
        refusingUntil = Instant.MIN;
        unavailableUntil = Instant.MIN;
    }

    /** How long requests are still refused after a 429; empty when they may be sent. */
    synchronized Optional<Duration> refusing(Instant now) {
        return now.isBefore(refusingUntil) ? Optional.of(Duration.between(now, refusingUntil)) : Optional.empty();
    }

    /** The end of the current back-off, either kind; empty when there is none. */
    synchronized Optional<Instant> until(Instant now) {
        Instant end = refusingUntil.isAfter(unavailableUntil) ? refusingUntil : unavailableUntil;
        return now.isBefore(end) ? Optional.of(end) : Optional.empty();
    }

    private static Duration doubled(int times) {
        return times > 20 ? CAP : min(FIRST.multipliedBy(1L << (times - 1)), CAP);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
