package dev.nomaddeployer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.Deposed;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.LeaseClaim;
import dev.nomaddeployer.nomad.JobKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two connections to one SQLite file, as two processes have): a replica whose lease was taken, or
 * ran out, can write nothing of what dispatching writes.
 */
class FencingTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration FAILOVER = Duration.ofSeconds(10);
    private static final Instant AFTER_FAILOVER = T0.plus(FAILOVER).plusSeconds(1);
    private static final JobKey WEB = new JobKey("default", "web");

    @TempDir
    Path dir;
    private Database a;
    private Database b;

    @BeforeEach
    void open() {
        a = Database.openFile(dir.resolve("shared.db"));
        b = Database.openFile(dir.resolve("shared.db"));
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static Fence lead(Database database, String replica, Instant at) {
        LeaseClaim claim = new JdbcLeases(database).acquireOrRenew(replica, Optional.empty(), at, FAILOVER);
        assertThat(claim).isInstanceOf(LeaseClaim.Held.class);
        return ((LeaseClaim.Held) claim).fence();
    }

    private static AcceptedPush accepted(Database database, String id, String tag) {
        JdbcInbox inbox = new JdbcInbox(database);
        inbox.accept(List.of(new PushEvent(id, T0, "127.0.0.1:5000", "team/web", tag, null, null, null)), T0);
        return inbox.pending(AFTER_FAILOVER, 100).stream().filter(p -> p.push().eventId().equals(id)).findFirst()
                .orElseThrow();
    }

    /** Replica a leads, and has a target for web claimed (being applied) when b takes the lease. */
    private Target claimedByAThenDeposed(Fence fenceA) {
        new JdbcInbox(a).expand(fenceA, accepted(a, "e1", "1.6.0"), List.of(JobRef.discovered(WEB)), List.of(), T0);
        Target claimed = new JdbcTargetQueue(a).claimDue(fenceA, T0.plusSeconds(1), 10, Set.of()).get(0);
        assertThat(new JdbcLeases(b).acquireOrRenew("b", Optional.empty(), T0.plusSeconds(2), FAILOVER))
                .as("not before a's lease ran out").isInstanceOf(LeaseClaim.HeldByOther.class);
        return claimed;
    }

    @Test
    void aDeposedLeadersFinishIsRefusedAndRecordsNothing() {
        Fence fenceA = lead(a, "a", T0);
        Target claimed = claimedByAThenDeposed(fenceA);
        Fence fenceB = lead(b, "b", AFTER_FAILOVER);

        assertThat(fenceB.epoch()).isEqualTo(fenceA.epoch() + 1);
        assertThatThrownBy(() -> new JdbcTargetQueue(a).finish(fenceA, claimed,
                List.of(Decision.of(claimed, Outcome.REGISTERED, null)), AFTER_FAILOVER))
                .isInstanceOf(Deposed.class).satisfies(e -> assertThat(((Deposed) e).fence()).isEqualTo(fenceA));
        assertThatThrownBy(() -> new JdbcTargetQueue(a).retryLater(fenceA, claimed, 1, AFTER_FAILOVER, "Nomad down",
                List.of(Decision.of(claimed, Outcome.FAILED, "Nomad down")), AFTER_FAILOVER))
                .isInstanceOf(Deposed.class);

        assertThat(new JdbcHistory(b).find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 50)))
                .as("no decision of the deposed leader").isEmpty();
        assertThat(new JdbcTargetQueue(b).openCount()).as("the target is still open").isEqualTo(1);
    }

    @Test
    void theNewLeaderResumesWhatTheDeposedOneLeftRunningAsInterrupted() {
        Fence fenceA = lead(a, "a", T0);
        claimedByAThenDeposed(fenceA);
        Fence fenceB = lead(b, "b", AFTER_FAILOVER);
        JdbcTargetQueue queueB = new JdbcTargetQueue(b);

        assertThat(queueB.resumeInterrupted(fenceB, AFTER_FAILOVER)).isEqualTo(1);
        assertThat(queueB.claimDue(fenceB, AFTER_FAILOVER, 10, Set.of())).singleElement()
                .satisfies(t -> assertThat(t.interrupted()).as("its register may have reached Nomad").isTrue());
    }

    @Test
    void aDeposedLeaderCanNeitherClaimNorExpandNorResume() {
        Fence fenceA = lead(a, "a", T0);
        claimedByAThenDeposed(fenceA);
        AcceptedPush next = accepted(b, "e2", "1.7.0");
        lead(b, "b", AFTER_FAILOVER);
        JdbcTargetQueue queueA = new JdbcTargetQueue(a);

        assertThatThrownBy(() -> new JdbcInbox(a).expand(fenceA, next, List.of(JobRef.discovered(WEB)), List.of(),
                AFTER_FAILOVER)).isInstanceOf(Deposed.class);
        assertThatThrownBy(() -> queueA.resumeInterrupted(fenceA, AFTER_FAILOVER)).isInstanceOf(Deposed.class);
        assertThatThrownBy(() -> queueA.claimDue(fenceA, AFTER_FAILOVER, 10, Set.of())).isInstanceOf(Deposed.class);

        assertThat(new JdbcInbox(b).pendingCount()).as("the push is still waiting to be expanded").isEqualTo(1);
        assertThat(new JdbcTargetQueue(b).nextDue()).as("nothing was made due again").isNull();
    }

    @Test
    void aLeaderWhoseLeaseRanOutCannotWriteEvenWhenNoOtherReplicaTookIt() {
        Fence fenceA = lead(a, "a", T0);
        new JdbcInbox(a).expand(fenceA, accepted(a, "e1", "1.6.0"), List.of(JobRef.discovered(WEB)), List.of(), T0);

        assertThatThrownBy(() -> new JdbcTargetQueue(a).claimDue(fenceA, T0.plus(FAILOVER), 10, Set.of()))
                .isInstanceOf(Deposed.class);
        assertThat(new JdbcTargetQueue(a).claimDue(fenceA, T0.plus(FAILOVER).minusMillis(1), 10, Set.of()))
                .as("until then it may").hasSize(1);
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceByTheOtherReplicaNamingThePreviousLeader() {
        Fence fenceA = lead(a, "a", T0);
        new JdbcLeases(a).release(fenceA);

        LeaseClaim claim = new JdbcLeases(b).acquireOrRenew("b", Optional.empty(), T0.plusSeconds(1), FAILOVER);

        assertThat(claim).isEqualTo(new LeaseClaim.Held(new Fence("b", fenceA.epoch() + 1), T0.plusSeconds(1),
                T0.plusSeconds(1).plus(FAILOVER), Optional.of("a")));
        assertThat(new JdbcLeases(a).current().holder()).isEqualTo("b");
    }
}
