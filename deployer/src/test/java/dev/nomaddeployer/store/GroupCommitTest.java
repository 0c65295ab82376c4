package dev.nomaddeployer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Units of work queued behind a commit in flight share the next commit, and still behave as if alone. */
@Timeout(60)
class GroupCommitTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final JobKey WEB = new JobKey("default", "web");
    private static final JobKey API = new JobKey("default", "api");
    private static final JobKey WORKER = new JobKey("default", "worker");

    @TempDir
    Path dir;
    private Database database;
    private JdbcInbox inbox;
    private JdbcTargetQueue queue;
    private JdbcHistory history;
    private Fence fence;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private Future<?> slowCommit;

    @BeforeEach
    void open() {
        database = Database.openFile(dir.resolve("store.db"));
        inbox = new JdbcInbox(database);
        queue = new JdbcTargetQueue(database);
        history = new JdbcHistory(database);
        fence = TestLeases.lead(database, "test");
    }

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        database.close();
    }

    private static PushEvent push(String id, String repository, String tag, Instant at) {
        return new PushEvent(id, at, "127.0.0.1:5000", repository, tag, null, null, null);
    }

    /** Starts a commit that lasts until {@link #releaseSlowCommit()}. */
    private void holdACommitInFlight() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        slowCommit = threads.submit(() -> database.inTransaction(c -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Queues {@code units} behind the commit in flight, in the order given (each waits for the one before it). */
    private <T> List<Future<T>> queueBehindIt(List<Callable<T>> units) {
        List<Future<T>> submitted = new ArrayList<>();
        for (Callable<T> unit : units) {
            submitted.add(threads.submit(unit));
            int queued = submitted.size();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> database.queuedUnits() == queued);
        }
        return submitted;
    }

    private void releaseSlowCommit() throws Exception {
        release.countDown();
        slowCommit.get(10, TimeUnit.SECONDS);
    }

    private Target claimOne(JobKey job) {
        return queue.claimDue(fence, Instant.now(), 10, Set.of()).stream().filter(t -> t.job().equals(job)).findFirst()
                .orElseThrow();
    }

    private void acceptAndExpand(PushEvent push, JobKey job) {
        inbox.accept(List.of(push), Instant.now());
        AcceptedPush stored = inbox.pending(Instant.now(), 100).stream()
                .filter(p -> p.push().eventId().equals(push.eventId())).findFirst().orElseThrow();
        inbox.expand(fence, stored, List.of(JobRef.discovered(job)), List.of(), Instant.now());
    }

    @Test
    void aUnitWhoseOwnCodeFailsIsUndoneAloneAndTheOthersOfItsCommitAreKept() throws Exception {
        holdACommitInFlight();
        long commitsBefore = database.commits();
        List<Future<Integer>> units = queueBehindIt(List.of(
                () -> inbox.accept(List.of(push("first", "team/app", "1.0.0", T0)), Instant.now()),
                () -> database.inTransaction(c -> {
                    try (var insert = c.prepareStatement("""
                            INSERT INTO events (event_id, received_at, event_time, event_nanos, registry_host,
                              repository, tag, state) VALUES ('broken', 0, '', 0, '', '', '', 'pending')""")) {
                        insert.executeUpdate();
                    }
                    throw new IllegalStateException("this unit's own fault");
                }),
                () -> inbox.accept(List.of(push("third", "team/app", "1.0.1", T0)), Instant.now())));
        releaseSlowCommit();

        assertThat(units.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> units.get(1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("this unit's own fault");
        assertThat(units.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(database.commits() - commitsBefore).as("the slow commit and one shared commit").isEqualTo(2);
        assertThat(inbox.pending(Instant.now(), 10)).extracting(p -> p.push().eventId())
                .containsExactly("first", "third");
        assertThat(database.problem()).as("a unit's own fault is not the store's").isEmpty();
    }

    @Test
    void aUnitAloneInItsCommitWhoseOwnCodeFailsLeavesNothingAndTheStoreKeepsWorking() {
        assertThatThrownBy(() -> database.inTransaction(c -> {
            try (var insert = c.prepareStatement("""
                    INSERT INTO events (event_id, received_at, event_time, event_nanos, registry_host,
                      repository, tag, state) VALUES ('broken', 0, '', 0, '', '', '', 'pending')""")) {
                insert.executeUpdate();
            }
            throw new IllegalStateException("this unit's own fault");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("this unit's own fault");

        assertThat(inbox.pending(Instant.now(), 10)).isEmpty();
        assertThat(database.problem()).as("a unit's own fault is not the store's").isEmpty();
        assertThat(inbox.accept(List.of(push("next", "team/app", "1.0.0", T0)), Instant.now())).isEqualTo(1);
        assertThat(inbox.pending(Instant.now(), 10)).extracting(p -> p.push().eventId()).containsExactly("next");
    }

    @Test
    void finishesRecordedInOneCommitNeverOverwriteANewerPushThatArrivedMeanwhile() throws Exception {
        acceptAndExpand(push("web-1", "team/web", "1.0.0", T0), WEB);
        acceptAndExpand(push("api-1", "team/api", "1.0.0", T0), API);
        acceptAndExpand(push("worker-1", "team/worker", "1.0.0", T0), WORKER);
        List<Target> running = queue.claimDue(fence, Instant.now(), 10, Set.of());
        assertThat(running).hasSize(3);
        Target web = running.stream().filter(t -> t.job().equals(WEB)).findFirst().orElseThrow();
        Target api = running.stream().filter(t -> t.job().equals(API)).findFirst().orElseThrow();
        Target worker = running.stream().filter(t -> t.job().equals(WORKER)).findFirst().orElseThrow();
        // While web's first push is being applied, a newer one arrives for it.
        acceptAndExpand(push("web-2", "team/web", "2.0.0", T0.plusSeconds(1)), WEB);

        holdACommitInFlight();
        long commitsBefore = database.commits();
        Instant now = Instant.now();
        List<Future<Object>> finishes = queueBehindIt(List.<Callable<Object>>of(
                () -> {
                    queue.finish(fence, web, List.of(Decision.of(web, Outcome.REGISTERED, null)), now);
                    return null;
                },
                () -> {
                    queue.retryLater(fence, api, 1, now.plus(Duration.ofHours(1)), "Nomad unavailable", List.of(), now);
                    return null;
                },
                () -> {
                    queue.finish(fence, worker, List.of(Decision.of(worker, Outcome.REGISTERED, null)), now);
                    return null;
                }));
        releaseSlowCommit();
        for (Future<Object> finish : finishes) {
            finish.get(10, TimeUnit.SECONDS);
        }

        assertThat(database.commits() - commitsBefore).as("the slow commit and one for the three outcomes")
                .isEqualTo(2);
        assertThat(queue.openCount()).as("web's newer push and api's retry").isEqualTo(2);
        assertThat(claimOne(WEB).push().tag()).as("the older outcome left the newer push pending").isEqualTo("2.0.0");
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of(Outcome.REGISTERED),
                1, 50))).extracting(HistoryEntry::jobId).containsExactlyInAnyOrder("web", "worker");
    }

    @Test
    void pushesExpandedInOneTransactionKeepArrivalOrderAndTheNewestWins() {
        List<PushEvent> pushes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pushes.add(push("e" + i, "team/web", "1.0." + i, T0.plusSeconds(i)));
        }
        // Delivered late: older than all the others, so it must lose to them although it is expanded last.
        pushes.add(push("late", "team/web", "0.9.0", T0.minusSeconds(1)));
        inbox.accept(pushes, Instant.now());
        List<Inbox.ExpandedPush> expanded = inbox.pending(Instant.now(), 100).stream()
                .map(p -> new Inbox.ExpandedPush(p, List.of(JobRef.discovered(WEB)), List.of())).toList();
        long commitsBefore = database.commits();

        inbox.expand(fence, expanded, Instant.now());

        assertThat(database.commits() - commitsBefore).isEqualTo(1);
        assertThat(inbox.pendingCount()).isZero();
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of())).singleElement()
                .satisfies(t -> assertThat(t.push().tag()).isEqualTo("1.0.4"));
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of(Outcome.SUPERSEDED),
                1, 50))).extracting(HistoryEntry::tag).containsExactlyInAnyOrder("1.0.0", "1.0.1", "1.0.2", "1.0.3",
                "0.9.0");
    }
}
