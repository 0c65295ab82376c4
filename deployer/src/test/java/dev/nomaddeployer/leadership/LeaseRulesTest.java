package dev.nomaddeployer.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseRulesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Lease UNHELD = new Lease("", 0, Instant.EPOCH, Instant.EPOCH);

    @Test
    void theFirstReplicaTakesTheUnheldLeaseUnderEpochOne() {
        LeaseRules.Ruling ruling = LeaseRules.decide(UNHELD, "a", Optional.empty(), T0, TTL);

        assertThat(ruling.claim()).isEqualTo(new LeaseClaim.Held(new Fence("a", 1), T0, T0.plus(TTL), Optional.empty()));
        assertThat(ruling.next()).contains(new Lease("a", 1, T0, T0.plus(TTL)));
    }

    @Test
    void aRenewalKeepsTheEpochAndSinceAndPushesTheExpiry() {
        Lease held = new Lease("a", 4, T0, T0.plus(TTL));
        Instant later = T0.plusSeconds(3);

        LeaseRules.Ruling ruling = LeaseRules.decide(held, "a", Optional.of(new Fence("a", 4)), later, TTL);

        assertThat(ruling.claim()).isEqualTo(new LeaseClaim.Held(new Fence("a", 4), T0, later.plus(TTL), Optional.empty()));
        assertThat(ruling.next()).contains(new Lease("a", 4, T0, later.plus(TTL)));
    }

    @Test
    void aLeaseAnotherReplicaHoldsIsNotTakenBeforeItExpires() {
        Lease held = new Lease("a", 4, T0, T0.plus(TTL));

        LeaseRules.Ruling ruling = LeaseRules.decide(held, "b", Optional.empty(), T0.plus(TTL).minusMillis(1), TTL);

        assertThat(ruling.claim()).isEqualTo(new LeaseClaim.HeldByOther(held));
        assertThat(ruling.next()).isEmpty();
    }

    @Test
    void anExpiredLeaseGoesToTheNextReplicaUnderTheNextEpochNamingThePreviousHolder() {
        Lease expired = new Lease("a", 4, T0, T0.plus(TTL));
        Instant at = T0.plus(TTL);

        LeaseRules.Ruling ruling = LeaseRules.decide(expired, "b", Optional.empty(), at, TTL);

        assertThat(ruling.claim()).isEqualTo(new LeaseClaim.Held(new Fence("b", 5), at, at.plus(TTL), Optional.of("a")));
    }

    @Test
    void aLeaderWhoseLeaseWasTakenLosesIt() {
        Lease taken = new Lease("b", 5, T0, T0.plus(TTL));

        LeaseRules.Ruling ruling = LeaseRules.decide(taken, "a", Optional.of(new Fence("a", 4)), T0.plusSeconds(1), TTL);

        assertThat(ruling.claim()).isEqualTo(new LeaseClaim.Lost(new Fence("a", 4), taken));
        assertThat(ruling.next()).isEmpty();
    }

    @Test
    void aLeaderWhoseLeaseRanOutBeforeItsRenewalBeginsANewReignRatherThanKeepingItsEpoch() {
        Lease ranOut = new Lease("a", 4, T0, T0.plus(TTL));
        Instant late = T0.plus(TTL).plusSeconds(1);

        LeaseRules.Ruling ruling = LeaseRules.decide(ranOut, "a", Optional.of(new Fence("a", 4)), late, TTL);

        assertThat(ruling.claim()).isEqualTo(new LeaseClaim.Held(new Fence("a", 5), late, late.plus(TTL), Optional.empty()));
    }

    @Test
    void aReplicaRestartedUnderTheSameNameTakesItsLeaseAtOnceUnderANewEpoch() {
        Lease ours = new Lease("alloc-1", 4, T0, T0.plus(TTL));

        LeaseRules.Ruling ruling = LeaseRules.decide(ours, "alloc-1", Optional.empty(), T0.plusSeconds(1), TTL);

        assertThat(ruling.claim()).isInstanceOfSatisfying(LeaseClaim.Held.class,
                held -> assertThat(held.fence()).isEqualTo(new Fence("alloc-1", 5)));
    }

    @Test
    void aSecondProcessWithTheLeadersNameDoesNotGetItBackFromTheOther() {
        Lease otherProcess = new Lease("a", 5, T0, T0.plus(TTL));

        LeaseRules.Ruling ruling = LeaseRules.decide(otherProcess, "a", Optional.of(new Fence("a", 4)),
                T0.plusSeconds(1), TTL);

        assertThat(ruling.claim()).isInstanceOf(LeaseClaim.Lost.class);
        assertThat(ruling.next()).isEmpty();
    }
}
