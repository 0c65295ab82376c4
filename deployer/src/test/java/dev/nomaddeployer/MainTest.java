package dev.nomaddeployer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.MetaChange;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcInbox;
import dev.nomaddeployer.store.JdbcTargetQueue;
import dev.nomaddeployer.store.TestLeases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees from the command line before the service is even running. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badDurationStopsStartUpNamingTheKeyTheFlagAndWhatIsAccepted() {
        assertThat(run("--server.timeout.read=5 seconds")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("server.timeout.read").contains("--server.timeout.read").contains("5s");
    }

    @Test
    void helpListsEveryKeyAndTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("nomad.url", "DEPLOYER_NOMAD_URL", "registry.hosts", "history");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("deploy-everything")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command").contains("deploy-everything");
    }

    @Test
    void printConfigMasksTheNomadToken() {
        assertThat(run("--nomad.token=very-secret-token-123", "--print-config")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nomad.token").doesNotContain("very-secret-token-123");
    }

    /** A store holding a registered push for default/web and, newer, a refused one for {@code batch/<workerId>}. */
    private static Path storeWithTwoDecisions(Path dir, String workerId) {
        Path file = dir.resolve("store.db");
        try (Database database = Database.openFile(file)) {
            TargetQueue queue = new JdbcTargetQueue(database);
            Fence fence = TestLeases.lead(database, "test");
            Instant now = Instant.now();
            PushEvent push = new PushEvent("e1", now, "registry:5000", "team/app", "1.6.0", "sha256:ab", null, null);
            Target web = new Target(new JobKey("default", "web"), null, 1, push, now, 0);
            queue.finish(fence, web, List.of(Decision.of(web, Outcome.REGISTERED, null)
                    .withChange(new MetaChange(MetaLevel.JOB, null, null, "VERSION", "1.5.0", "1.6.0"))
                    .withRegistration(new Decision.Registration("eval-1", 2, 20))), now);
            Target worker = new Target(new JobKey("batch", workerId), null, 1, push, now, 0);
            queue.finish(fence, worker, List.of(Decision.of(worker, Outcome.FAILED, "HTTP 403: Permission denied")), now);
        }
        return file;
    }

    @Test
    void historyCommandPrintsRecordedDecisionsNewestFirstAndFiltersByStatus(@TempDir Path dir) {
        Path file = storeWithTwoDecisions(dir, "worker");
        assertThat(run("history", "--store.path=" + file)).isZero();
        String all = out.toString(StandardCharsets.UTF_8);
        assertThat(all).contains("web", "VERSION 1.5.0→1.6.0", "eval eval-1, version 2", "Permission denied");
        assertThat(all.indexOf("worker")).isLessThan(all.indexOf("web "));
        out.reset();
        assertThat(run("history", "--status", "failed", "--store.path=" + file)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("worker").doesNotContain("eval-1");
    }

    @Test
    void storeCopyMovesEveryDecisionToANewStoreAndRefusesOneThatHoldsData(@TempDir Path dir) {
        Path from = storeWithTwoDecisions(dir, "worker");
        Path to = dir.resolve("copy.db");
        assertThat(run("store", "copy", "--from", from.toString(), "--to=" + to)).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("copied", "history=2");
        out.reset();
        assertThat(run("history", "--store.path=" + to)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("worker", "eval eval-1, version 2");

        assertThat(run("store", "copy", "--from", from.toString(), "--to", to.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("already holds data", to.toString());
    }

    @Test
    void storeCopyWithoutBothSidesIsAUsageError() {
        assertThat(run("store", "copy", "--from", "a.db")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from and --to", "store copy --from");
    }

    @Test
    void historyOfAStoreThatDoesNotExistSaysWhereItLooked() {
        assertThat(run("history", "--store.path=/nonexistent/dir/x.db")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/dir/x.db");
    }

    @Test
    void historyTakesGlobalFlagsBeforeOrAfterTheCommandAndFiltersInEitherForm(@TempDir Path dir) {
        Path file = storeWithTwoDecisions(dir, "worker");
        assertThat(run("--store.path=" + file, "history", "--status=failed")).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("worker").doesNotContain("eval-1");
        out.reset();
        assertThat(run("--store.path", file.toString(), "history", "--job", "web")).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("eval-1").doesNotContain("worker");
    }

    @Test
    void historyColumnsStayAlignedWhenAValueIsLongerThanItsHeading(@TempDir Path dir) {
        String longJob = "nightly-reconciliation-of-every-ledger-in-every-region";
        Path file = storeWithTwoDecisions(dir, longJob);
        assertThat(run("history", "--store.path=" + file)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        int status = lines.get(0).indexOf("STATUS");
        assertThat(lines.get(1).indexOf(" failed ") + 1).isEqualTo(status);
        assertThat(lines.get(2).indexOf(" registered/rolling_out ") + 1).as("a register shows its rollout")
                .isEqualTo(status);
        int detail = lines.get(0).indexOf("DETAIL");
        assertThat(lines.get(1).indexOf("HTTP 403")).isEqualTo(detail);
    }

    @Test
    void historyRefusesAStatusThatDoesNotExistListingTheOnesThatDo(@TempDir Path dir) {
        Path file = storeWithTwoDecisions(dir, "worker");
        assertThat(run("history", "--status", "rolled", "--store.path=" + file)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--status must be one of registered, already_current,"
                + " skipped, failed, superseded, refused, would_register, retried; got \"rolled\"");
    }

    /** A store where the push of team/app:1.6.0 to batch/worker failed, as the dispatcher records it. */
    private static Path storeWithAFailedPush(Path dir) {
        Path file = dir.resolve("store.db");
        try (Database database = Database.openFile(file)) {
            Fence fence = TestLeases.lead(database, "test");
            JdbcInbox inbox = new JdbcInbox(database);
            TargetQueue queue = new JdbcTargetQueue(database);
            Instant now = Instant.now();
            inbox.accept(List.of(new PushEvent("e1", now, "registry:5000", "team/app", "1.6.0", "sha256:ab", null,
                    null)), now);
            inbox.expand(fence, inbox.pending(now, 10).get(0), List.of(JobRef.discovered(new JobKey("batch", "worker"))),
                    List.of(), now);
            Target worker = queue.claimDue(fence, now, 10, Set.of()).get(0);
            queue.finish(fence, worker, List.of(Decision.of(worker, Outcome.FAILED, "HTTP 403: Permission denied")), now);
        }
        return file;
    }

    @Test
    void retryCommandPutsAFailedPushBackOnceAndSaysWhyThereIsNothingToRetryAfterwards(@TempDir Path dir) {
        Path file = storeWithAFailedPush(dir);

        assertThat(run("retry", "batch/worker", "--store.path=" + file)).as(err.toString()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("retrying batch/worker: team/app:1.6.0 is pending again; the leader applies it");
        assertThat(run("retry", "batch/worker", "--store.path=" + file)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing to retry for batch/worker: tag 1.6.0 of"
                + " team/app is still pending");
        out.reset();
        assertThat(run("history", "--status", "retried", "--store.path=" + file)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("worker", "put back for another try by command line ("
                + System.getProperty("user.name") + ")");
    }

    @Test
    void retryOfAJobWithoutPushesOrWithoutAJobIsRefused(@TempDir Path dir) {
        Path file = storeWithAFailedPush(dir);

        assertThat(run("retry", "default/web", "--store.path=" + file)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing to retry for default/web: no push was ever"
                + " applied to default/web");
        assertThat(run("retry", "--store.path=" + file)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: nomad-deployer retry NAMESPACE/JOB");
    }

    @Test
    void helpOffersOnlyFlagsTheHistoryCommandAccepts() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("history [--job J] [--repository R] [--status S]"
                + " [--rollout S] [--limit N]").doesNotContain("--json");
    }
}
