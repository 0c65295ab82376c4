package dev.nomaddeployer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.config.StoreSettings;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.postgres.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store's contract on a real PostgreSQL server (Debian's, started for these tests), and what only a server
 * store does: a database restart, a terminated session, a refused login, replicas starting together.
 */
@Timeout(120)
class PostgresStoreTest extends StoreContract {
    private static final String ROLE = "deployer";
    private static final String PASSWORD = "store-password-for-tests";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;
    private String databaseName;

    @BeforeAll
    static void startServer() {
        ToolRequirement.assumeInstalled("initdb");
        server = PostgresServer.builder().start();
        server.createRole(ROLE, PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Each test gets a database of its own, set up as an operator would: the role owns one schema in it. */
    @Override
    Database openStore() {
        if (databaseName == null) {
            databaseName = "store_" + DATABASES.incrementAndGet();
            server.createDatabase(databaseName);
            server.grantOwnSchema(databaseName, ROLE);
        }
        return Database.open(settings(server.jdbcUrl(databaseName), PASSWORD));
    }

    private static StoreSettings settings(String url, String password) {
        return new StoreSettings(Path.of("unused.db"), Optional.of(url), Optional.of(ROLE), Optional.of(password));
    }

    @Test
    void pushesAreRefusedWhileTheDatabaseIsDownAndTakenAgainOnceItAnswers() {
        inbox.accept(List.of(push("before", "1.0.0", T0)), Instant.now());
        server.stop();
        try {
            assertThatThrownBy(() -> inbox.accept(List.of(push("during", "1.0.1", T0)), Instant.now()))
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
            assertThat(database.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("cannot be reached"));
        } finally {
            server.start();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> database.problem().isEmpty());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> inbox.accept(List.of(push("after", "1.0.2", T0)), Instant.now()) == 1);
        assertThat(inbox.pending(Instant.now(), 10)).extracting(p -> p.push().eventId())
                .as("nothing acknowledged was lost, nothing refused was kept").containsExactly("before", "after");
    }

    @Test
    void aSessionTheDatabaseEndsIsReplacedAndLosesNothingAcknowledged() {
        inbox.accept(List.of(push("first", "1.0.0", T0)), Instant.now());
        assertThat(server.terminateBackendsOf(ROLE)).isPositive();
        List<String> acknowledged = new ArrayList<>(List.of("first"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            PushEvent push = push("retry-" + acknowledged.size(), "1.0.1", T0);
            if (inbox.accept(List.of(push), Instant.now()) == 1) {
                acknowledged.add(push.eventId());
                return true;
            }
            return false;
        });
        assertThat(inbox.pending(Instant.now(), 10)).extracting(p -> p.push().eventId())
                .containsExactlyElementsOf(acknowledged);
    }

    @Test
    void aWrongPasswordStopsStartUpSayingWhichSettingsToCheckWithoutShowingIt() {
        assertThatThrownBy(() -> Database.open(settings(server.jdbcUrl(databaseName), "not-the-password")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("store.user and store.password")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aPasswordLeftInTheUrlIsMaskedWhereverTheStoreIsNamed() {
        Database store = Database.open(new StoreSettings(Path.of("unused.db"),
                Optional.of(server.jdbcUrl(databaseName) + "?user=" + ROLE + "&password=" + PASSWORD),
                Optional.empty(), Optional.empty()));
        try {
            assertThat(store.location()).doesNotContain(PASSWORD).contains("password=********");
        } finally {
            store.close();
        }
    }

    @Test
    void replicasStartingTogetherMigrateTheSchemaOnce() throws Exception {
        String fresh = "store_" + DATABASES.incrementAndGet();
        server.createDatabase(fresh);
        server.grantOwnSchema(fresh, ROLE);
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opened.add(replicas.submit(() -> Database.open(settings(server.jdbcUrl(fresh), PASSWORD))));
            }
            for (Future<Database> replica : opened) {
                replica.get(60, TimeUnit.SECONDS).close();
            }
        } finally {
            replicas.shutdownNow();
        }
        assertThat(server.psql(fresh).query("select count(*), max(version) from " + ROLE + ".schema_version"))
                .isEqualTo("1|" + Migrations.latest());
    }
}
