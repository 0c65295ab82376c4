package dev.nomaddeployer.e2e;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that reads one instant until it is released, then runs on from it at the pace of the real one: a
 * service on it sees time stand still while a test sets the scene, then pass normally, without ever jumping.
 */
final class HeldClock extends Clock {
    private final Instant held;
    private volatile long releasedAtNanos;
    private volatile boolean released;

    HeldClock(Instant held) {
        this.held = held;
    }

    void release() {
        releasedAtNanos = System.nanoTime();
        released = true;
    }

    @Override
    public Instant instant() {
        return released ? held.plusNanos(System.nanoTime() - releasedAtNanos) : held;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service reads instants only");
    }
}
