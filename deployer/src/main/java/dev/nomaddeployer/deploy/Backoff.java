package dev.nomaddeployer.deploy;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with a cap and jitter, so that many jobs failing together do not retry in lockstep. */
public record Backoff(Duration initial, Duration max) {
    public Duration delay(int attempt) {
        long base = initial.toMillis();
        long cap = Math.max(base, max.toMillis());
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long exponential = Math.min(cap, base << shift);
        // "equal jitter": at least half the delay, so retries still back off, the rest random.
        long half = exponential / 2;
        long jitter = half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1);
        return Duration.ofMillis(half + jitter);
    }
}
