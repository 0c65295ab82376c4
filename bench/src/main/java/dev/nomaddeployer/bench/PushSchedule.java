package dev.nomaddeployer.bench;

/**
 * When each push of a paced phase is due, on an absolute schedule from the phase's start: a late push does
 * not shift the ones after it, so the offered rate stays the one asked for and any lag shows as lag.
 */
public record PushSchedule(double pushesPerSecond) {
    public PushSchedule {
        if (!(pushesPerSecond > 0) || Double.isInfinite(pushesPerSecond)) {
            throw new IllegalArgumentException("a rate must be above 0 pushes/s, got " + pushesPerSecond);
        }
    }

    /** Nanoseconds after the phase's start at which push {@code i} (from 0) is due. */
    public long dueNanos(int i) {
        return Math.round(i * 1e9 / pushesPerSecond);
    }

    /** How long {@code count} pushes take to send on time: the last one is due at {@code (count-1)/rate}. */
    public long spanNanos(int count) {
        return count <= 0 ? 0 : dueNanos(count - 1);
    }
}
