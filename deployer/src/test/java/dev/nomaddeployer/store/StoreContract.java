package dev.nomaddeployer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.Deposed;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.MetaChange;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.Restraint;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.RetryAnswer;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.discovery.IndexedJob;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.image.ImageTemplate;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.LeaseClaim;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.rollout.DeploymentReading;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutChange;
import dev.nomaddeployer.rollout.RolloutStatus;
import dev.nomaddeployer.rollout.ValueSet;
import dev.nomaddeployer.rollout.VersionKey;
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
 * What the inbox, the target queue and the history promise, whichever database holds them: every test here runs
 * against SQLite ({@link SqliteStoreTest}) and a real PostgreSQL server ({@link PostgresStoreTest}).
 */
abstract class StoreContract implements NoticeOutboxContract {
    /** Close to the receipt, as real pushes are (a registry timestamp far from it ranks as receipt - tolerance). */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusNanos(498_999_193);

    @TempDir
    Path dir;
    Database database;
    JdbcInbox inbox;
    JdbcTargetQueue queue;
    JdbcHistory history;
    Fence fence;

    @Override
    public Database store() {
        return database;
    }

    @Override
    public Fence leaderFence() {
        return fence;
    }

    /** Opens this test's store; called again after a close, it must open the same store. */
    abstract Database openStore();

    @BeforeEach
    void open() {
        database = openStore();
        inbox = new JdbcInbox(database);
        queue = new JdbcTargetQueue(database);
        history = new JdbcHistory(database);
        fence = TestLeases.lead(database, "test");
    }

    @AfterEach
    void close() {
        database.close();
    }

    static PushEvent push(String id, String tag, Instant at) {
        return push(id, tag, at, "sha256:" + id);
    }

    static PushEvent push(String id, String tag, Instant at, String digest) {
        return new PushEvent(id, at, "127.0.0.1:5000", "team/app", tag, digest, null, null);
    }

    void expandToWeb(PushEvent push) {
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

    void expandToWebWithCooldown(PushEvent push, Duration cooldown) {
        AcceptedPush stored = inbox.pending(Instant.now(), 100).stream()
                .filter(p -> p.push().eventId().equals(push.eventId())).findFirst().orElseThrow();
        inbox.expand(fence, stored, List.of(JobRef.discovered(new JobKey("default", "web")).withCooldown(cooldown)),
                List.of(), Instant.now());
    }

    @Test
    void aPushUnderCooldownIsNotClaimedBeforeItIsThatOld() {
        PushEvent push = push("a", "1.0.0", T0);
        inbox.accept(List.of(push), T0);
        expandToWebWithCooldown(push, Duration.ofMinutes(15));

        assertThat(queue.claimDue(fence, T0.plus(Duration.ofMinutes(14)), 10, Set.of())).isEmpty();
        assertThat(queue.nextDue()).isEqualTo(T0.plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MILLIS));
        assertThat(queue.claimDue(fence, T0.plus(Duration.ofMinutes(15)), 10, Set.of()))
                .singleElement().satisfies(t -> assertThat(t.push().tag()).isEqualTo("1.0.0"));
    }

    @Test
    void aNewerPushDuringTheCooldownReplacesTheWaitingOneAndWaitsItsOwnCooldown() {
        PushEvent first = push("a", "1.0.0", T0);
        inbox.accept(List.of(first), T0);
        expandToWebWithCooldown(first, Duration.ofMinutes(15));
        PushEvent second = push("b", "1.0.1", T0.plus(Duration.ofMinutes(10)));
        inbox.accept(List.of(second), T0.plus(Duration.ofMinutes(10)));
        expandToWebWithCooldown(second, Duration.ofMinutes(15));

        assertThat(queue.claimDue(fence, T0.plus(Duration.ofMinutes(20)), 10, Set.of())).isEmpty();
        assertThat(queue.claimDue(fence, T0.plus(Duration.ofMinutes(25)), 10, Set.of()))
                .singleElement().satisfies(t -> assertThat(t.push().tag()).isEqualTo("1.0.1"));
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of(Outcome.SUPERSEDED), 1, 50)))
                .extracting(HistoryEntry::tag).containsExactly("1.0.0");
    }

    private Target finishedWeb(PushEvent push, Outcome outcome, String message) {
        inbox.accept(List.of(push), Instant.now());
        expandToWeb(push);
        Target target = queue.claimDue(fence, Instant.now(), 10, Set.of()).get(0);
        queue.finish(fence, target, List.of(Decision.of(target, outcome, message)), Instant.now());
        return target;
    }

    @Test
    void retryPutsTheNewestFailedPushBackAsPendingAndRecordsWhoRetried() {
        finishedWeb(push("a", "1.0.0", T0), Outcome.FAILED, "Permission denied");

        RetryAnswer answer = queue.retry(new JobKey("default", "web"), "command line (alice)", Instant.now());

        assertThat(answer).isInstanceOfSatisfying(RetryAnswer.Reentered.class, reentered ->
                assertThat(reentered.targets()).extracting(t -> t.push().tag()).containsExactly("1.0.0"));
        assertThat(queue.claimDue(fence, Instant.now(), 10, Set.of()))
                .singleElement().satisfies(t -> assertThat(t.push().tag()).isEqualTo("1.0.0"));
        assertThat(history.find(new HistoryQuery(Optional.of("web"), Optional.empty(), Optional.empty(), 1, 50)))
                .first().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.RETRIED);
                    assertThat(e.tag()).isEqualTo("1.0.0");
                    assertThat(e.message()).isEqualTo("put back for another try by command line (alice) after:"
                            + " Permission denied");
                });
    }

    @Test
    void retryOfAJobWhoseNewestPushWasRegisteredAfterAFailureChangesNothing() {
        finishedWeb(push("a", "1.0.0", T0), Outcome.FAILED, "Permission denied");
        finishedWeb(push("b", "1.0.1", T0.plusSeconds(1)), Outcome.REGISTERED, null);

        RetryAnswer answer = queue.retry(new JobKey("default", "web"), "api (127.0.0.1)", Instant.now());

        assertThat(answer).isEqualTo(new RetryAnswer.NothingToRetry(
                "the newest push, tag 1.0.1 of team/app, ended registered"));
        assertThat(queue.openCount()).isZero();
    }

    @Test
    void retryWhileANewerPushIsPendingOrForAJobNeverDeployedChangesNothing() {
        finishedWeb(push("a", "1.0.0", T0), Outcome.FAILED, "Permission denied");
        PushEvent newer = push("b", "1.0.1", T0.plusSeconds(1));
        inbox.accept(List.of(newer), Instant.now());
        expandToWeb(newer);

        assertThat(queue.retry(new JobKey("default", "web"), "api (127.0.0.1)", Instant.now())).isEqualTo(
                new RetryAnswer.NothingToRetry("tag 1.0.1 of team/app is still pending; it is applied without a retry"));
        assertThat(queue.retry(new JobKey("default", "nope"), "api (127.0.0.1)", Instant.now())).isEqualTo(
                new RetryAnswer.NothingToRetry("no push was ever applied to default/nope"));
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of(Outcome.RETRIED), 1, 50)))
                .isEmpty();
    }

    @Test
    void aRetriedPushThatFailsAgainCanBeRetriedAgain() {
        finishedWeb(push("a", "1.0.0", T0), Outcome.FAILED, "Permission denied");
        queue.retry(new JobKey("default", "web"), "api (127.0.0.1)", Instant.now());
        Target again = queue.claimDue(fence, Instant.now(), 10, Set.of()).get(0);

        assertThat(queue.retry(new JobKey("default", "web"), "api (127.0.0.1)", Instant.now()))
                .isInstanceOf(RetryAnswer.NothingToRetry.class);
        queue.finish(fence, again, List.of(Decision.of(again, Outcome.FAILED, "Permission denied")), Instant.now());
        assertThat(queue.retry(new JobKey("default", "web"), "api (127.0.0.1)", Instant.now()))
                .isInstanceOf(RetryAnswer.Reentered.class);
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
    void theSameEventReachingTwoReplicasIsStoredOnce() {
        Database other = openStore();
        try {
            PushEvent push = push("both", "1.0.0", T0);
            int first = inbox.accept(List.of(push), Instant.now());
            int second = new JdbcInbox(other).accept(List.of(push), Instant.now());
            assertThat(first + second).isEqualTo(1);
            assertThat(inbox.pending(Instant.now(), 10)).extracting(p -> p.push().eventId()).containsExactly("both");
        } finally {
            other.close();
        }
    }

    @Test
    void reopeningAStoreThatIsUpToDateChangesNothing() {
        inbox.accept(List.of(push("e1", "1.0.0", T0)), Instant.now());
        database.close();
        open();
        database.close();
        open();
        assertThat(inbox.pendingCount()).isEqualTo(1);
    }

    @Test
    void whatTheJobIndexLearnedIsReadBackAfterReopeningAndForgottenJobsStayForgotten() {
        String image = "registry.example:5000/team/web:${NOMAD_META_VERSION}";
        JobUsage usage = new JobUsage("default", "web", "web", "web", image, ImageTemplate.parse(image).orElseThrow(),
                "VERSION", MetaLevel.JOB, "1.5.0");
        IndexedJob web = new IndexedJob(new JobKey("default", "web"), 4_000_000_000L, List.of(usage), false);
        IndexedJob api = new IndexedJob(new JobKey("default", "api"), 7, List.of(), true);
        new JdbcKnownJobs(database).save(List.of(web, api), List.of());
        new JdbcKnownJobs(database).save(List.of(), List.of(new JobKey("default", "api")));
        database.close();
        open();

        assertThat(new JdbcKnownJobs(database).load()).as("an index above 2^31 survives too").containsExactly(web);
    }

    @Test
    void pruningForgetsOldDecisionsAndExpandedEventsOnly() {
        Instant now = Instant.now();
        Target target = new Target(new JobKey("default", "web"), null, 1, push("old", "1.0.0", T0), now, 0);
        queue.finish(fence, target, List.of(Decision.of(target, Outcome.REGISTERED, null)), now.minusSeconds(3600));
        queue.finish(fence, target, List.of(Decision.of(target, Outcome.ALREADY_CURRENT, null)), now);
        inbox.accept(List.of(push("waiting", "1.0.1", T0)), now.minusSeconds(3600));

        assertThat(history.prune(now.minusSeconds(60))).isEqualTo(1);
        assertThat(inbox.prune(now.minusSeconds(60))).as("a pending event is never pruned").isZero();
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 50)))
                .extracting(HistoryEntry::outcome).containsExactly(Outcome.ALREADY_CURRENT);
        assertThat(history.decisionsAfter(0).through()).isPositive();
    }

    @Test
    void aSqliteStoreCopiedIntoThisOneCarriesOnWhereItStopped() {
        Database sqlite = Database.openFile(dir.resolve("single-instance.db"));
        try {
            JdbcInbox oldInbox = new JdbcInbox(sqlite);
            Fence oldFence = TestLeases.lead(sqlite, "single-instance");
            PushEvent applied = push("applied", "1.0.0", T0);
            oldInbox.accept(List.of(applied), Instant.now());
            AcceptedPush stored = oldInbox.pending(Instant.now(), 10).get(0);
            oldInbox.expand(oldFence, stored, List.of(JobRef.discovered(new JobKey("default", "web"))), List.of(), Instant.now());
            oldInbox.accept(List.of(push("waiting", "1.0.1", T0.plusSeconds(1))), Instant.now());
            JdbcTargetQueue oldQueue = new JdbcTargetQueue(sqlite);
            Target done = oldQueue.claimDue(oldFence, Instant.now(), 10, Set.of()).get(0);
            oldQueue.finish(oldFence, done, List.of(Decision.of(done, Outcome.REGISTERED, null)), Instant.now());

            StoreCopy.Copied copied = StoreCopy.copy(sqlite, database);
            assertThat(copied.rows()).containsEntry("events", 2).containsEntry("targets", 1).containsEntry("history", 1);
        } finally {
            sqlite.close();
        }
        assertThat(inbox.pending(Instant.now(), 10)).extracting(p -> p.push().eventId()).containsExactly("waiting");
        assertThat(inbox.accept(List.of(push("applied", "1.0.0", T0)), Instant.now()))
                .as("an event the old store had seen is still a duplicate").isZero();
        inbox.accept(List.of(push("new", "1.0.2", T0.plusSeconds(2))), Instant.now());
        assertThat(inbox.pending(Instant.now(), 10)).extracting(p -> p.push().eventId())
                .as("new events are numbered after the copied ones").containsExactly("waiting", "new");
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 50)))
                .extracting(HistoryEntry::outcome).containsExactly(Outcome.REGISTERED);
        assertThatThrownBy(() -> StoreCopy.copy(database, database))
                .isInstanceOf(StoreException.class).hasMessageContaining("already holds data");
    }

    @Test
    void aLeaderDeposedByAnotherReplicaCanNeitherClaimNorFinishAndChangesNothing() {
        PushEvent push = push("a", "1.0.0", T0);
        inbox.accept(List.of(push), Instant.now());
        expandToWeb(push);
        Target claimed = queue.claimDue(fence, Instant.now(), 10, Set.of()).get(0);
        // Another replica finds the lease run out (its clock two hours on) and takes it under a new epoch.
        Database other = openStore();
        try {
            LeaseClaim taken = new JdbcLeases(other).acquireOrRenew("other", Optional.empty(),
                    Instant.now().plus(Duration.ofHours(2)), Duration.ofHours(1));
            assertThat(taken).isInstanceOf(LeaseClaim.Held.class);
        } finally {
            other.close();
        }

        assertThatThrownBy(() -> queue.finish(fence, claimed, List.of(Decision.of(claimed, Outcome.REGISTERED, null)),
                Instant.now())).isInstanceOf(Deposed.class);
        assertThatThrownBy(() -> queue.claimDue(fence, Instant.now(), 10, Set.of())).isInstanceOf(Deposed.class);
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 50)))
                .as("the refused finish recorded nothing").isEmpty();
        assertThat(queue.openCount()).as("the target stays for the new leader").isEqualTo(1);
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

    private Target registeredWeb(PushEvent push, long version) {
        inbox.accept(List.of(push), Instant.now());
        expandToWeb(push);
        Target target = queue.claimDue(fence, Instant.now(), 10, Set.of()).get(0);
        queue.finish(fence, target, List.of(Decision.of(target, Outcome.REGISTERED, null)
                .withChange(new MetaChange(MetaLevel.JOB, null, null, "VERSION", "1.5.0", push.tag()))
                .withRegistration(new Decision.Registration("eval-" + version, version, 100 + version))), Instant.now());
        return target;
    }

    @Test
    void aRecordedRegisterIsFollowedFromTheSameTransaction() {
        registeredWeb(push("e1", "1.6.0", T0), 4);

        JdbcRollouts rollouts = new JdbcRollouts(database);
        List<Rollout> open = rollouts.openOf(new JobKey("default", "web"));
        assertThat(open).hasSize(1);
        assertThat(open.get(0).jobVersion()).isEqualTo(4);
        assertThat(open.get(0).jobModifyIndex()).isEqualTo(104);
        assertThat(open.get(0).evalId()).isEqualTo("eval-4");
        assertThat(open.get(0).status()).isEqualTo(RolloutStatus.ROLLING_OUT);
        assertThat(rollouts.changesOf(open.get(0).id())).extracting(RolloutChange::status)
                .containsExactly(RolloutStatus.ROLLING_OUT);
        assertThat(rollouts.valuesSetIn(new VersionKey(new JobKey("default", "web"), 4)))
                .containsExactly(new ValueSet("VERSION", "1.5.0", "1.6.0"));
    }

    @Test
    void aRollbackProtectsTheTagAndDigestOfItsVersionButNotANewDigestOrANewerTag() {
        PushEvent broken = push("e1", "1.6.0", T0);
        registeredWeb(broken, 4);
        JdbcRollouts rollouts = new JdbcRollouts(database);
        JdbcRestraints restraints = new JdbcRestraints(database);
        Rollout open = rollouts.openOf(new JobKey("default", "web")).get(0);
        JobKey web = new JobKey("default", "web");

        rollouts.record(fence, open.ended(RolloutStatus.ROLLED_BACK, "Failed due to unhealthy allocations - rolling"
                + " back to job version 3", 3L, Instant.now()), "its rollout on job version 4 was rolled back", Instant.now());

        Optional<Restraint> found = restraints.find(web, push("e2", "1.6.0", T0.plusSeconds(5), broken.digest()));
        assertThat(found).get().isInstanceOf(Restraint.ProtectedTag.class);
        assertThat(found.get().reason()).contains("its rollout on job version 4 was rolled back");
        assertThat(restraints.find(web, push("e3", "1.6.0", T0.plusSeconds(6)))).isEmpty();
        assertThat(restraints.find(web, push("e4", "1.6.1", T0.plusSeconds(7), broken.digest()))).isEmpty();
        assertThat(rollouts.openOf(web)).isEmpty();
        assertThat(history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("rolled_back"), 1, 50))).extracting(HistoryEntry::tag).containsExactly("1.6.0");
    }

    @Test
    void anOlderReadingNeverOverwritesANewerOneAndOnlyARolloutThatRolledOutCanStillEndOtherwise() {
        registeredWeb(push("e1", "1.6.0", T0), 4);
        JdbcRollouts rollouts = new JdbcRollouts(database);
        JobKey web = new JobKey("default", "web");
        Rollout open = rollouts.openOf(web).get(0);
        Instant now = Instant.now();
        Rollout done = open.withReading(new DeploymentReading("d1", 4, RolloutStatus.ROLLED_OUT,
                "Deployment completed successfully", List.of(), null, 50), now);
        Rollout stale = open.withReading(new DeploymentReading("d1", 4, RolloutStatus.ROLLING_OUT,
                "Deployment is running", List.of(), null, 40), now);

        assertThat(rollouts.record(fence, done, null, now)).isTrue();
        assertThat(rollouts.record(fence, stale, null, now)).isFalse();
        assertThat(rollouts.record(fence, done, null, now)).as("the same step twice is one step").isFalse();
        assertThat(rollouts.latestOf(web).orElseThrow().status()).isEqualTo(RolloutStatus.ROLLED_OUT);

        Rollout reverted = rollouts.latestOf(web).orElseThrow().ended(RolloutStatus.ROLLED_BACK, "reverted by someone else",
                null, now);
        assertThat(rollouts.record(fence, reverted, null, now)).isTrue();
        Rollout cancelled = reverted.ended(RolloutStatus.CANCELLED, "Cancelled due to newer version of job", null, now);
        assertThat(rollouts.record(fence, cancelled, null, now)).isFalse();
        assertThat(rollouts.changesOf(open.id())).extracting(RolloutChange::status).containsExactly(
                RolloutStatus.ROLLING_OUT, RolloutStatus.ROLLED_OUT, RolloutStatus.ROLLED_BACK);
    }

    @Test
    void aPausedJobIsRestrainedUntilResumedAndTheFirstReasonStays() {
        JdbcRestraints restraints = new JdbcRestraints(database);
        JobKey web = new JobKey("default", "web");

        assertThat(restraints.pause(web, "VERSION changed by someone else", "nomad-deployer", T0)).isTrue();
        assertThat(restraints.pause(web, "paused by an operator", "api (127.0.0.1)", T0.plusSeconds(1))).isFalse();
        Restraint found = restraints.find(web, push("e1", "2.0.0", T0)).orElseThrow();
        assertThat(found).isEqualTo(new Restraint.Paused("VERSION changed by someone else", "nomad-deployer",
                Instant.ofEpochMilli(T0.toEpochMilli())));
        assertThat(restraints.paused()).extracting(Restraints.PausedJob::job).containsExactly(web);

        assertThat(restraints.resume(web, "test", T0)).isTrue();
        assertThat(restraints.resume(web, "test", T0)).isFalse();
        assertThat(restraints.find(web, push("e1", "2.0.0", T0))).isEmpty();
    }
}
