package dev.nomaddeployer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.nomaddeployer.deploy.Deposed;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.notify.Notice;
import dev.nomaddeployer.notify.NoticeOutbox;
import dev.nomaddeployer.notify.NoticeOutbox.Delivery;
import dev.nomaddeployer.notify.NoticeOutbox.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the notification outbox promises, on both databases: {@link SqliteStoreTest} and {@link PostgresStoreTest}
 * run these with the rest of {@link StoreContract}.
 */
interface NoticeOutboxContract {

    Database store();

    Fence leaderFence();

    Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static Notice notice(Notice.Kind kind, String job, String tag) {
        return new Notice(kind, NOW, "default", job, "127.0.0.1:5000", "team/" + job, "VERSION", "1.0.0", tag,
                "sha256:abc", 7L, "dep-1", kind.label(), "Deployment completed successfully", null, null, "event-1");
    }

    default JdbcNoticeOutbox outbox(Subscription... sinks) {
        JdbcNoticeOutbox outbox = new JdbcNoticeOutbox(store());
        outbox.subscribe(List.of(sinks));
        return outbox;
    }

    static Subscription everything(String sink) {
        return new Subscription(sink, EnumSet.allOf(Notice.Kind.class));
    }

    /** Takes and delivers every due notice of {@code sink}, as the sender does; what it was given, in order. */
    default List<Delivery> drain(NoticeOutbox outbox, String sink) {
        List<Delivery> taken = new ArrayList<>();
        for (Optional<Delivery> next = outbox.next(sink, NOW); next.isPresent(); next = outbox.next(sink, NOW)) {
            taken.add(next.get());
            outbox.delivered(leaderFence(), sink, next.get().id(), NOW);
        }
        return taken;
    }

    @Test
    default void everySinkReceivesEachNoticeOnceInTheOrderTheyWereStored() {
        JdbcNoticeOutbox outbox = outbox(everything("a"), everything("b"));
        long first = outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"));
        long second = outbox.add(notice(Notice.Kind.ROLLED_OUT, "web", "1.1.0"));
        long third = outbox.add(notice(Notice.Kind.REGISTERED, "api", "2.0.0"));

        assertThat(drain(outbox, "a")).extracting(Delivery::id).containsExactly(first, second, third);
        assertThat(drain(outbox, "a")).as("nothing is given twice").isEmpty();
        assertThat(drain(outbox, "b")).extracting(d -> d.notice().kind(), d -> d.notice().jobId())
                .containsExactly(tuple(Notice.Kind.REGISTERED, "web"),
                        tuple(Notice.Kind.ROLLED_OUT, "web"),
                        tuple(Notice.Kind.REGISTERED, "api"));
        assertThat(outbox.pending()).isEqualTo(Map.of("a", 0, "b", 0));
    }

    @Test
    default void aNoticeIsReadBackWithEveryFieldItWasStoredWith() {
        JdbcNoticeOutbox outbox = outbox(everything("a"));
        Notice stored = new Notice(Notice.Kind.ROLLED_BACK, NOW, "batch", "worker", "registry:5000", "team/worker",
                "TAG", "", "2.0.0", null, 12L, "d-9", "failed", "Failed due to unhealthy allocations",
                "Exit Code: 1", 11L, "e-42");
        outbox.add(stored);

        assertThat(outbox.next("a", NOW)).get().extracting(Delivery::notice).isEqualTo(stored);
    }

    @Test
    default void aSinkIsGivenOnlyTheKindsItSubscribedTo() {
        JdbcNoticeOutbox outbox = outbox(new Subscription("alerts", EnumSet.of(Notice.Kind.FAILED,
                Notice.Kind.ROLLED_BACK)), everything("all"));
        outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"));
        outbox.add(notice(Notice.Kind.FAILED, "web", "1.1.0"));
        outbox.add(notice(Notice.Kind.ROLLED_BACK, "web", "1.1.0"));

        assertThat(drain(outbox, "alerts")).extracting(d -> d.notice().kind())
                .containsExactly(Notice.Kind.FAILED, Notice.Kind.ROLLED_BACK);
        assertThat(drain(outbox, "all")).hasSize(3);
    }

    @Test
    default void aNoticeWaitingForARetryHoldsBackTheLaterOnesOfItsSinkOnly() {
        JdbcNoticeOutbox outbox = outbox(everything("down"), everything("up"));
        long first = outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"));
        long second = outbox.add(notice(Notice.Kind.ROLLED_OUT, "web", "1.1.0"));
        Instant later = NOW.plusSeconds(30);

        outbox.retryLater(leaderFence(), "down", first, 1, later, "the sink answered 503", NOW);

        assertThat(outbox.next("down", NOW)).as("the second waits behind the first").isEmpty();
        assertThat(outbox.nextDue("down")).contains(later);
        assertThat(drain(outbox, "up")).extracting(Delivery::id).containsExactly(first, second);
        assertThat(outbox.next("down", later)).get().satisfies(d -> {
            assertThat(d.id()).isEqualTo(first);
            assertThat(d.attempts()).isEqualTo(1);
        });
    }

    @Test
    default void aDroppedNoticeIsNotGivenAgainAndTheNextOneIs() {
        JdbcNoticeOutbox outbox = outbox(everything("a"));
        long refused = outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"));
        long next = outbox.add(notice(Notice.Kind.ROLLED_OUT, "web", "1.1.0"));

        outbox.dropped(leaderFence(), "a", refused, "the sink answered 400", NOW);

        assertThat(drain(outbox, "a")).extracting(Delivery::id).containsExactly(next);
    }

    @Test
    default void aNoticeStoredInATransactionThatRollsBackIsNeverGiven() {
        JdbcNoticeOutbox outbox = outbox(everything("a"));
        assertThatThrownBy(() -> store().inTransaction(c -> {
            NoticeRows.insert(c, store().dialect(), notice(Notice.Kind.ROLLED_OUT, "web", "1.1.0"));
            throw new IllegalStateException("the rollout's own write failed");
        })).isInstanceOf(IllegalStateException.class);
        long kept = store().inTransaction(c -> NoticeRows.insert(c, store().dialect(),
                notice(Notice.Kind.FAILED, "web", "1.1.0")));

        assertThat(drain(outbox, "a")).extracting(Delivery::id).containsExactly(kept);
    }

    @Test
    default void aKindNoSinkWantsIsNotStoredAtAll() {
        JdbcNoticeOutbox outbox = outbox(new Subscription("a", EnumSet.of(Notice.Kind.FAILED)));

        assertThat(outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"))).isEqualTo(NoticeRows.NOT_STORED);
        int stored = store().read(c -> JdbcInbox.count(c, "SELECT count(*) FROM notices"));
        assertThat(stored).isZero();
    }

    @Test
    default void aReplicaThatLostTheLeaseCannotRecordADelivery() {
        JdbcNoticeOutbox outbox = outbox(everything("a"));
        long id = outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"));
        Fence stale = new Fence(leaderFence().replica(), leaderFence().epoch() - 1);

        assertThatThrownBy(() -> outbox.delivered(stale, "a", id, NOW)).isInstanceOf(Deposed.class);
        assertThat(outbox.next("a", NOW)).get().extracting(Delivery::id).isEqualTo(id);
    }

    @Test
    default void aSinkNoLongerConfiguredIsForgottenWithWhatItHadNotReceived() {
        JdbcNoticeOutbox outbox = outbox(everything("old"), everything("kept"));
        outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"));

        outbox.subscribe(List.of(everything("kept"), everything("new")));
        outbox.add(notice(Notice.Kind.ROLLED_OUT, "web", "1.1.0"));

        assertThat(outbox.pending()).isEqualTo(Map.of("kept", 2, "new", 1));
        assertThat(outbox.next("old", NOW)).isEmpty();
    }

    @Test
    default void pruningForgetsOnlyNoticesEverySinkIsDoneWith() {
        JdbcNoticeOutbox outbox = outbox(everything("a"), everything("b"));
        outbox.add(notice(Notice.Kind.REGISTERED, "web", "1.1.0"));
        outbox.add(notice(Notice.Kind.ROLLED_OUT, "web", "1.1.0"));
        drain(outbox, "a");
        outbox.delivered(leaderFence(), "b", outbox.next("b", NOW).orElseThrow().id(), NOW);

        assertThat(outbox.prune(NOW.plus(Duration.ofMinutes(1)))).isEqualTo(1);
        assertThat(outbox.pending()).isEqualTo(Map.of("a", 0, "b", 1));
        assertThat(drain(outbox, "b")).extracting(d -> d.notice().kind()).containsExactly(Notice.Kind.ROLLED_OUT);
    }
}
