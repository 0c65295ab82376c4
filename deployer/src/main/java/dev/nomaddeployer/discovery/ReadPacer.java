package dev.nomaddeployer.discovery;

/**
 * Spaces requests to Nomad at most {@code perSecond} apart, shared by every reader thread, so that a cold read
 * of thousands of jobs is a steady trickle towards the leader rather than a flood.
 */
final class ReadPacer {
    private final long gapNanos;
    private long nextSlot = System.nanoTime();

    ReadPacer(int perSecond) {
        this.gapNanos = 1_000_000_000L / perSecond;
    }

    /** Waits for this caller's slot. */
    void acquire() throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot);
            nextSlot = slot + gapNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
