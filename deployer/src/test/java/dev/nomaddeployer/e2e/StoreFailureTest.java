package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.App;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcInbox;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When the store cannot commit, the registry must hear 5xx (so it re-sends) and nothing may be half-written. */
@Timeout(60)
class StoreFailureTest {
    private static final String REGISTRY = "registry.test:5000";
    // Nothing listens here: pushes stay in the inbox, which is what these tests inspect.
    private static final URI NO_NOMAD = URI.create("http://127.0.0.1:9");

    @TempDir
    Path dir;

    @Test
    void fullStoreAnswers503AndKeepsEveryAcknowledgedPushWhole() throws Exception {
        Path file = dir.resolve("full.db");
        // SQLite's page limit fails writes with SQLITE_FULL, the same error a full disk gives.
        List<Integer> statuses = new ArrayList<>();
        int acknowledged = 0;
        try (App app = DeployerFixture.startApp(dir, NO_NOMAD,
                List.of("--store.url=jdbc:sqlite:" + file + "?max_page_count=16"))) {
            Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
            for (int i = 0; i < 2000 && !statuses.contains(503); i++) {
                String padding = "x".repeat(200);
                int status = notifier.post(Notifier.envelope(
                        Notifier.event("a-" + i + padding, Instant.now(), REGISTRY, "team/app", "1.0." + i),
                        Notifier.event("b-" + i + padding, Instant.now(), REGISTRY, "team/app", "2.0." + i)));
                statuses.add(status);
                if (status == 200) {
                    acknowledged += 2;
                }
            }
        }
        assertThat(statuses).contains(503).doesNotContain(500);
        assertThat(statuses.subList(0, statuses.indexOf(503))).containsOnly(200);
        try (Database database = Database.openFile(file)) {
            assertThat(new JdbcInbox(database).pendingCount()).isEqualTo(acknowledged);
        }
    }

    @Test
    void readOnlyStoreStopsStartUpWithAMessageNamingTheStore() throws Exception {
        Path file = dir.resolve("ro.db");
        Database.openFile(file).close();
        // A store that cannot be written at start is a configuration error: fail loudly rather than run and
        // answer 503 to every push.
        assertThatThrownBy(() -> DeployerFixture.startApp(dir, NO_NOMAD,
                List.of("--store.url=jdbc:sqlite:file:" + file + "?mode=ro")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("readonly");
    }
}
