package dev.nomaddeployer.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** When this replica stops dispatching, with the store's lease kept in memory and the clock in the test's hand. */
class LeaderElectorTest {
    private static final Duration FAILOVER = Duration.ofMillis(300);
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** The lease as a store keeps it, decided by the same rules; it can be made unreachable. */
    private static final class MemoryLeases implements LeaseStore {
        private Lease lease = new Lease("", 0, Instant.EPOCH, Instant.EPOCH);
        final AtomicBoolean unreachable = new AtomicBoolean();

        @Override
        public synchronized LeaseClaim acquireOrRenew(String replica, Optional<Fence> held, Instant now, Duration ttl) {
            if (unreachable.get()) {
                throw new IllegalStateException("connection refused");
            }
            LeaseRules.Ruling ruling = LeaseRules.decide(lease, replica, held, now, ttl);
            ruling.next().ifPresent(next -> lease = next);
            return ruling.claim();
        }

        @Override
        public synchronized void release(Fence fence) {
            if (lease.fence().equals(fence)) {
                lease = new Lease(lease.holder(), lease.epoch(), lease.acquiredAt(), Instant.EPOCH);
            }
        }

        @Override
        public synchronized Lease current() {
            return lease;
        }
    }

    /** A clock that stands still unless the test moves it. */
    private static final class HandClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T12:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aLeaderThatCannotRenewStopsLeadingAtOnceNotAtExpiry() {
        MemoryLeases leases = new MemoryLeases();
        HandClock clock = new HandClock();
        try (LeaderElector elector = new LeaderElector(leases, "a", FAILOVER, clock)) {
            elector.start();
            await().atMost(BOUND).until(() -> elector.fence().isPresent());

            leases.unreachable.set(true);

            // The clock stands still: the lease has not expired, yet the failed renewal ends the reign.
            await().atMost(BOUND).until(() -> elector.fence().isEmpty());
            assertThat(leases.current().expiresAt()).isAfter(clock.instant());
        }
    }

    @Test
    void aLeaderWhoseRenewalsHangStopsLeadingOnceItsLastRenewalRanOut() {
        MemoryLeases leases = new MemoryLeases();
        HandClock clock = new HandClock();
        try (LeaderElector elector = new LeaderElector(leases, "a", FAILOVER, clock)) {
            elector.start();
            await().atMost(BOUND).until(() -> elector.fence().isPresent());
            synchronized (leases) {
                clock.now.set(clock.instant().plus(FAILOVER));

                assertThat(elector.fence()).as("no renewal can run while the store is held").isEmpty();
            }
        }
    }

    @Test
    void aFollowerTakesOverAtOnceWhenTheLeaderStopsGracefully() {
        MemoryLeases leases = new MemoryLeases();
        HandClock clock = new HandClock();
        LeaderElector a = new LeaderElector(leases, "a", FAILOVER, clock);
        a.start();
        await().atMost(BOUND).until(() -> a.fence().isPresent());
        try (LeaderElector b = new LeaderElector(leases, "b", FAILOVER, clock)) {
            b.start();
            assertThat(b.status().leader()).map(Lease::holder).contains("a");

            a.close();

            // The clock stands still, so only the release lets b in before a's lease would have expired.
            await().atMost(BOUND).until(() -> b.fence().isPresent());
            assertThat(b.fence()).contains(new Fence("b", 2));
            assertThat(b.status()).isEqualTo(new LeadershipStatus("b", true, Optional.of(leases.current())));
        }
    }

    @Test
    void aRefusedWriteEndsTheReignAndTheNextOneComesWithANewEpoch() {
        MemoryLeases leases = new MemoryLeases();
        HandClock clock = new HandClock();
        try (LeaderElector elector = new LeaderElector(leases, "a", FAILOVER, clock)) {
            elector.start();
            await().atMost(BOUND).until(() -> elector.fence().isPresent());
            Fence first = elector.fence().orElseThrow();

            elector.refused(first);

            assertThat(elector.fence()).as("at once, before the next renewal").isNotEqualTo(Optional.of(first));
            await().atMost(BOUND).until(() -> elector.fence().isPresent());
            assertThat(elector.fence().orElseThrow().epoch()).isEqualTo(first.epoch() + 1);
        }
    }
}
