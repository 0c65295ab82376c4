package dev.nomaddeployer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxAndTargetsTest {
    /** Close to the receipt, as real pushes are (a registry timestamp far from it ranks as receipt - tolerance). */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusNanos(498_999_193);

    @TempDir
    Path dir;
    private Database database;
    private JdbcInbox inbox;
    private JdbcTargetQueue queue;
    private JdbcHistory history;
    private Fence fence;

    @BeforeEach
    void open() {
        database = Database.openFile(dir.resolve("store.db"));
        inbox = new JdbcInbox(database);
        queue = new JdbcTargetQueue(database);
        history = new JdbcHistory(database);
        fence = TestLeases.lead(database, "test");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static PushEvent push(String id, String tag, Instant at) {
        return new PushEvent(id, at, "127.0.0.1:5000", "team/app", tag, "sha256:" + id, null, null);
    }

    private void expandToWeb(PushEvent push) {
        AcceptedPush stored = inbox.pending(Instant.now(), 100).stream()
                .filter(p -> p.push().eventId().equals(push.eventId())).findFirst().orElseThrow();
        inbox.expand(fence, stored, List.of(JobRef.discovered(new JobKey("default", "web"))), List.of(), Instant.now());
    }

    @Test
    void resentEventWithSameIdIsAcknowledgedButStoredOnce() {
        assertThat(inbox.accept(List.of(push("e1", "1.0.0", T0)), Instant.now())).isEqualTo(1);
        assertThat(inbox.accept(List.of(push("e1", "1.0.0", T0)), Instant.now())).isZero();
        assertThat(inbox.pending(Instant.now(), 100)).hasSize(1);
    }

    @Test
    void acceptedPushesSurviveReopeningTheStore() {
        inbox.accept(List.of(push("e1", "1.0.0", T0), push("e2", "1.0.1", T0.plusSeconds(1))), Instant.now());
        database.close();
        open();
        assertThat(inbox.pending(Instant.now(), 100)).extracting(p -> p.push().tag()).containsExactly("1.0.0", "1.0.1");
    }

    @Test
    void burstForOneJobCoalescesIntoTheNewestTag() {
        for (int i = 0; i < 5; i++) {
            PushEvent push = push("e" + i, "1.0." + i, T0.plusSeconds(i));
            inbox.accept(List.of(push), Instant.now());
            expandToWeb(push);
        }
        List<Target> due = queue.claimDue(fence, Instant.now(), 10, Set.of());
        assertThat(due).singleElement().satisfies(t -> assertThat(t.push().tag()).isEqualTo("1.0.4"));
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of(Outcome.SUPERSEDED), 1, 50)))
                .hasSize(4);
    }

    @Test
    void olderPushArrivingLateNeverReplacesANewerOne() {
        PushEvent newer = push("new", "2.0.0", T0.plusSeconds(10));
        PushEvent older = push("old", "1.0.0", T0);
        inbox.accept(List.of(newer), Instant.now());
        expandToWeb(newer);
        inbox.accept(List.of(older), Instant.now());
        expandToWeb(older);
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of()))
                .singleElement().satisfies(t -> assertThat(t.push().tag()).isEqualTo("2.0.0"));
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 50)))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.SUPERSEDED);
                    assertThat(e.tag()).isEqualTo("1.0.0");
                });
    }

    @Test
    void newerPushArrivingWhileOneIsInFlightStaysPendingAfterTheOldOneFinishes() {
        PushEvent first = push("a", "1.0.0", T0);
        inbox.accept(List.of(first), Instant.now());
        expandToWeb(first);
        Target inFlight = queue.claimDue(fence, Instant.now(), 10, Set.of()).get(0);
        PushEvent second = push("b", "1.0.1", T0.plusSeconds(1));
        inbox.accept(List.of(second), Instant.now());
        expandToWeb(second);
        queue.finish(fence, inFlight, List.of(Decision.of(inFlight, Outcome.REGISTERED, null)), Instant.now());
        assertThat(queue.openCount()).isEqualTo(1);
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of()))
                .singleElement().satisfies(t -> assertThat(t.push().tag()).isEqualTo("1.0.1"));
    }

    @Test
    void aJobIsNeverClaimedTwiceAtOnceEvenForTwoRepositories() {
        PushEvent app = push("a", "1.0.0", T0);
        PushEvent sidecar = new PushEvent("b", T0, "127.0.0.1:5000", "team/sidecar", "0.2.0", null, null, null);
        PushEvent other = push("c", "1.0.0", T0);
        inbox.accept(List.of(app, sidecar, other), Instant.now());
        List<AcceptedPush> pending = inbox.pending(Instant.now(), 10);
        inbox.expand(fence, pending.get(0), List.of(JobRef.discovered(new JobKey("default", "web"))), List.of(), Instant.now());
        inbox.expand(fence, pending.get(1), List.of(JobRef.discovered(new JobKey("default", "web"))), List.of(), Instant.now());
        inbox.expand(fence, pending.get(2), List.of(JobRef.discovered(new JobKey("default", "api"))), List.of(), Instant.now());

        JobKey web = new JobKey("default", "web");
        JobKey api = new JobKey("default", "api");
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of(api))).singleElement()
                .satisfies(t -> assertThat(t.job()).isEqualTo(web));
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of(web))).singleElement()
                .satisfies(t -> assertThat(t.job()).isEqualTo(api));
    }

    @Test
    void claimingWalksDueTargetsInArrivalOrderThroughAnIndexInsteadOfSortingEveryPendingOne() {
        List<String> plan = database.read(c -> {
            try (var explain = c.prepareStatement("EXPLAIN QUERY PLAN " + JdbcTargetQueue.CLAIM_DUE)) {
                explain.setLong(1, Instant.now().toEpochMilli());
                List<String> details = new java.util.ArrayList<>();
                try (var rows = explain.executeQuery()) {
                    while (rows.next()) {
                        details.add(rows.getString("detail"));
                    }
                }
                return details;
            }
        });
        assertThat(plan).anySatisfy(step -> assertThat(step).contains("USING INDEX targets_due"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
    }

    @Test
    void interruptedWorkIsDueAgainAfterRestart() {
        PushEvent first = push("a", "1.0.0", T0);
        inbox.accept(List.of(first), Instant.now());
        expandToWeb(first);
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of())).hasSize(1);
        database.close();
        open();
        assertThat(queue.resumeInterrupted(fence, Instant.now())).isEqualTo(1);
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of())).singleElement()
                .satisfies(t -> assertThat(t.interrupted()).as("its register may have reached Nomad").isTrue());
    }

    @Test
    void historyIsNewestFirstAndFilteredByJobAndStatus() {
        Instant now = Instant.now();
        Target target = new Target(new JobKey("default", "web"), null, 1, push("a", "1.0.0", T0), now, 0);
        queue.finish(fence, target, List.of(Decision.of(target, Outcome.REGISTERED, null)), now);
        queue.finish(fence, target, List.of(Decision.of(target, Outcome.ALREADY_CURRENT, null)), now);
        Target api = new Target(new JobKey("default", "api"), null, 1, push("b", "1.0.0", T0), now, 0);
        queue.finish(fence, api, List.of(Decision.of(api, Outcome.FAILED, "Permission denied")), now);
        assertThat(history.find(new HistoryQuery(Optional.of("web"), Optional.empty(), Optional.empty(), 1, 50)))
                .extracting(HistoryEntry::outcome).containsExactly(Outcome.ALREADY_CURRENT, Outcome.REGISTERED);
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of(Outcome.FAILED), 1, 50)))
                .extracting(HistoryEntry::message).containsExactly("Permission denied");
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 2, 2))).hasSize(1);
    }

    @Test
    void readOnlyStoreRefusesPushesAndKeepsNothingHalfWritten() throws Exception {
        database.close();
        Path file = dir.resolve("store.db");
        database = Database.open("jdbc:sqlite:file:" + file + "?mode=ro", file.toString());
        inbox = new JdbcInbox(database);
        assertThatThrownBy(() -> inbox.accept(List.of(push("a", "1.0.0", T0), push("b", "1.0.1", T0)), Instant.now()))
                .isInstanceOf(StoreException.class).hasMessageContaining(file.toString());
        database.close();
        open();
        assertThat(inbox.pendingCount()).isZero();
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void writerWaitsFiveSecondsForAnotherProcesssLockAsStoreMdSays() {
        int busyTimeout = database.inTransaction(c -> {
            try (var statement = c.createStatement(); var row = statement.executeQuery("PRAGMA busy_timeout")) {
                return row.next() ? row.getInt(1) : -1;
            }
        });
        assertThat(busyTimeout).isEqualTo(5000);
    }
}
