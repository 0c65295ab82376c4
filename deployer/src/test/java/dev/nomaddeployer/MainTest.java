package dev.nomaddeployer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.nomaddeployer.registry.PushEvent;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.History;
import dev.nomaddeployer.store.HistoryEntry;
import dev.nomaddeployer.store.Outcome;
import dev.nomaddeployer.store.Target;
import java.nio.file.Path;
import java.time.Instant;
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

    @Test
    void historyCommandPrintsRecordedDecisionsNewestFirstAndFiltersByStatus(@TempDir Path dir) {
        Path file = dir.resolve("store.db");
        try (Database database = Database.openFile(file)) {
            History history = new History(database);
            Instant now = Instant.now();
            PushEvent push = new PushEvent("e1", now, "registry:5000", "team/app", "1.6.0", "sha256:ab", null, null);
            history.record(HistoryEntry.of(new Target("default", "web", "team/app", null, 1, push, now, 0),
                    Outcome.REGISTERED, null).withChange("VERSION", "1.5.0", "1.6.0").withRegistration("eval-1", 2L), now);
            history.record(HistoryEntry.of(new Target("batch", "worker", "team/app", null, 1, push, now, 0),
                    Outcome.FAILED, "HTTP 403: Permission denied"), now);
        }
        assertThat(run("history", "--store.path=" + file)).isZero();
        String all = out.toString(StandardCharsets.UTF_8);
        assertThat(all).contains("web", "VERSION 1.5.0→1.6.0", "eval eval-1, version 2", "Permission denied");
        assertThat(all.indexOf("worker")).isLessThan(all.indexOf("web "));
        out.reset();
        assertThat(run("history", "--status", "failed", "--store.path=" + file)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("worker").doesNotContain("eval-1");
    }

    @Test
    void historyOfAStoreThatDoesNotExistSaysWhereItLooked() {
        assertThat(run("history", "--store.path=/nonexistent/dir/x.db")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/dir/x.db");
    }
}
