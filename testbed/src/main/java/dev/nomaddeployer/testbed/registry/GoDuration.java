package dev.nomaddeployer.testbed.registry;

import java.time.Duration;

/** Durations in the syntax Go's {@code time.ParseDuration} reads, which is what the registry's YAML expects. */
public final class GoDuration {
    private GoDuration() {
    }

    /** {@code 2s} → {@code 2000ms}; sub-millisecond values fall back to nanoseconds so nothing is rounded. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a registry duration cannot be negative: " + duration);
        }
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        return nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + "ms" : nanos + "ns";
    }
}
