package dev.nomaddeployer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
    void historyOfAStoreThatDoesNotExistSaysWhereItLooked() {
        assertThat(run("history", "--store.path=/nonexistent/dir/x.db")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/dir/x.db");
    }
}
