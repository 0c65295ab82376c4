package dev.nomaddeployer.leadership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica's claim on the dispatch lease on its own thread: every third of {@code ha.failover} it
 * renews the lease while it leads, or tries to acquire it while it follows. Leadership ends at once when a
 * renewal fails for any reason (the store is unreachable, the lease was taken) or the store refuses a fenced
 * write, and also when the last confirmed renewal is older than the lease lasts: a replica that cannot reach
 * its store stops dispatching before another one may take over, not after.
 */
public final class LeaderElector implements Leadership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);

    /** This replica's reign: the fence, when it began, and until when the last renewal makes it valid. */
    private record Reign(Fence fence, Instant since, Instant validUntil) {}

    private final LeaseStore leases;
    private final String replica;
    private final Duration failover;
    private final Clock clock;
    private final Thread thread;
    private final Object signal = new Object();
    private final CopyOnWriteArrayList<Consumer<Fence>> onAcquired = new CopyOnWriteArrayList<>();
    private final AtomicReference<Reign> reign = new AtomicReference<>();
    private volatile boolean running = true;
    /** Why the last attempt to acquire failed, so that a store that stays down is logged once, not every tick. */
    private String lastAcquireFailure;

    public LeaderElector(LeaseStore leases, String replica, Duration failover, Clock clock) {
        this.leases = leases;
        this.replica = replica;
        this.failover = failover;
        this.clock = clock;
        this.thread = new Thread(this::run, "leader-elector");
        this.thread.setDaemon(true);
    }

    /** {@code listener} is told each time this replica begins a reign (the dispatcher wakes up for it). */
    public void onAcquired(Consumer<Fence> listener) {
        onAcquired.add(listener);
    }

    /**
     * Makes the first attempt on the caller's thread, then goes on on its own. A store this replica cannot write
     * (read-only, damaged) fails the first attempt and so stops start-up, instead of leaving a replica that
     * answers every push with 503 and never leads.
     *
     * @throws RuntimeException the store's failure, as it was thrown
     */
    public void start() {
        Instant now = clock.instant();
        handle(leases.acquireOrRenew(replica, Optional.empty(), now, failover), null, now);
        thread.start();
    }

    @Override
    public Optional<Fence> fence() {
        Reign current = reign.get();
        return current != null && clock.instant().isBefore(current.validUntil())
                ? Optional.of(current.fence()) : Optional.empty();
    }

    @Override
    public void refused(Fence fence) {
        Reign current = reign.get();
        if (current != null && current.fence().equals(fence)) {
            lose(current, "the store refused a write under this epoch: another replica took the lease");
        }
    }

    public LeadershipStatus status() {
        Lease lease = leases.current();
        return new LeadershipStatus(replica, fence().isPresent(),
                lease.heldAt(clock.instant()) ? Optional.of(lease) : Optional.empty());
    }

    private void run() {
        long pauseMillis = Math.max(1, failover.toMillis() / 3);
        while (running) {
            synchronized (signal) {
                if (running) {
                    try {
                        signal.wait(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            if (running) {
                tick();
            }
        }
    }

    /** One renewal or acquisition attempt, on the elector's thread. */
    private void tick() {
        Instant now = clock.instant();
        Reign current = reign.get();
        if (current != null && !now.isBefore(current.validUntil())) {
            lose(current, "the lease ran out before it could be renewed");
            current = null;
        }
        LeaseClaim claim;
        try {
            claim = leases.acquireOrRenew(replica, Optional.ofNullable(current).map(Reign::fence), now, failover);
        } catch (RuntimeException e) {
            if (current != null) {
                lose(current, "renewal failed: " + e.getMessage());
            } else if (!String.valueOf(e.getMessage()).equals(lastAcquireFailure)) {
                lastAcquireFailure = String.valueOf(e.getMessage());
                LOG.warn("event=leadership_unavailable replica={} reason=\"{}\"", replica, e.getMessage());
            }
            return;
        }
        lastAcquireFailure = null;
        handle(claim, current, now);
    }

    /** Acts on what an attempt made at {@code now} found, {@code current} being the reign it renewed, if any. */
    private void handle(LeaseClaim claim, Reign current, Instant now) {
        if (claim instanceof LeaseClaim.Held held) {
            if (current != null && current.fence().equals(held.fence())) {
                // Unless a refused write ended the reign meanwhile: then the next tick acquires it anew.
                reign.compareAndSet(current, new Reign(held.fence(), current.since(), now.plus(failover)));
                return;
            }
            if (current != null) {
                lose(current, "the lease expired before it was renewed");
            }
            reign.set(new Reign(held.fence(), held.since(), now.plus(failover)));
            LOG.info("event=leadership_acquired replica={} epoch={} previous={}", replica, held.fence().epoch(),
                    held.previous().orElse(""));
            onAcquired.forEach(listener -> listener.accept(held.fence()));
        } else if (claim instanceof LeaseClaim.Lost lost) {
            lose(current, "taken by " + lost.taker().holder() + " at epoch " + lost.taker().epoch());
        } else if (claim instanceof LeaseClaim.HeldByOther other) {
            LOG.debug("event=leadership_follower replica={} leader={} epoch={}", replica, other.holder().holder(),
                    other.holder().epoch());
        } else {
            throw new IllegalStateException("no handling for lease claim " + claim);
        }
    }

    /** Ends {@code lost} unless it already ended; says so once. */
    private void lose(Reign lost, String reason) {
        if (!reign.compareAndSet(lost, null)) {
            return;
        }
        LOG.warn("event=leadership_lost replica={} epoch={} reason=\"{}\"", replica, lost.fence().epoch(), reason);
    }

    /**
     * Stops the elector and, while this replica leads, gives the lease up so another replica takes over at its
     * next attempt instead of after {@code ha.failover}. Called after the dispatcher stopped: the redeploys in
     * flight recorded their outcomes under the fence first.
     */
    @Override
    public void close() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            thread.join(Math.max(1000, failover.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reign current = reign.getAndSet(null);
        if (current != null) {
            try {
                leases.release(current.fence());
                LOG.info("event=leadership_released replica={} epoch={}", replica, current.fence().epoch());
            } catch (RuntimeException e) {
                LOG.warn("event=leadership_release_failed replica={} epoch={} reason=\"{}\"", replica,
                        current.fence().epoch(), e.getMessage());
            }
        }
    }
}
