package dev.nomaddeployer.store;

import dev.nomaddeployer.config.StoreSettings;
import dev.nomaddeployer.deploy.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One SQLite connection shared by the inbox, the target queue and the history. SQLite allows one writer at
 * a time anyway, so a single connection guarded by this object's monitor is both the simplest and the
 * fastest arrangement; every unit of work runs in one transaction.
 */
public final class Database implements AutoCloseable {
    /** Each entry is one migration; the index + 1 is the schema version it brings the file to. */
    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              event_id TEXT NOT NULL UNIQUE,
              received_at INTEGER NOT NULL,
              event_time TEXT NOT NULL,
              event_nanos INTEGER NOT NULL,
              registry_host TEXT NOT NULL,
              repository TEXT NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT,
              media_type TEXT,
              actor TEXT,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at INTEGER NOT NULL DEFAULT 0,
              last_error TEXT
            );
            CREATE INDEX events_pending ON events(state, seq);
            CREATE TABLE targets (
              namespace TEXT NOT NULL,
              job_id TEXT NOT NULL,
              repository TEXT NOT NULL,
              registry_host TEXT NOT NULL,
              explicit_key TEXT,
              event_seq INTEGER NOT NULL,
              event_id TEXT NOT NULL,
              event_nanos INTEGER NOT NULL,
              received_at INTEGER NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (namespace, job_id, repository)
            );
            CREATE INDEX targets_pending ON targets(state, next_attempt_at);
            CREATE TABLE history (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              recorded_at INTEGER NOT NULL,
              received_at INTEGER,
              event_id TEXT,
              registry_host TEXT,
              repository TEXT NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT,
              namespace TEXT,
              job_id TEXT,
              meta_key TEXT,
              old_value TEXT,
              new_value TEXT,
              outcome TEXT NOT NULL,
              message TEXT,
              attempts INTEGER NOT NULL DEFAULT 0,
              eval_id TEXT,
              job_version INTEGER
            );
            CREATE INDEX history_job ON history(job_id, id);
            CREATE INDEX history_repository ON history(repository, id);
            CREATE INDEX history_recorded ON history(recorded_at);
            """,
            // Ordering values written before NewestPushWins.rank existed could be wrapped (timestamps outside
            // 1677-2262) or far from the receipt; rank them as rank() now does: receipt minus the tolerance.
            """
            UPDATE targets SET event_nanos = (received_at - 600000) * 1000000
              WHERE event_nanos < (received_at - 600000) * 1000000 OR event_nanos > (received_at + 600000) * 1000000;
            UPDATE events SET event_nanos = (received_at - 600000) * 1000000
              WHERE event_nanos < (received_at - 600000) * 1000000 OR event_nanos > (received_at + 600000) * 1000000;
            """);

    private final Connection connection;
    private final String location;

    private Database(Connection connection, String location) {
        this.connection = connection;
        this.location = location;
    }

    /** Opens the store the settings name: {@code store.url} when set, else the SQLite file {@code store.path}. */
    public static Database open(StoreSettings settings) {
        return settings.url().map(url -> open(url, url)).orElseGet(() -> openFile(settings.path()));
    }

    /** Opens (creating if needed) the SQLite file at {@code path} and brings its schema up to date. */
    public static Database openFile(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (Exception e) {
            throw new StoreException("cannot create the directory of store file " + path, e);
        }
        return open("jdbc:sqlite:" + path, path.toString());
    }

    public static Database open(String jdbcUrl, String location) {
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // FULL: a webhook answer of 2xx promises the event survives a power cut, not just a crash.
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
            }
            Database database = new Database(connection, location);
            database.migrate();
            return database;
        } catch (SQLException e) {
            throw new StoreException("cannot open store " + location, e);
        }
    }

    private synchronized void migrate() throws SQLException {
        int version;
        try (Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("PRAGMA user_version");
            version = result.next() ? result.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("store " + location + " has schema version " + version
                    + ", newer than this nomad-deployer understands (" + MIGRATIONS.size() + ")");
        }
        for (int next = version; next < MIGRATIONS.size(); next++) {
            int target = next + 1;
            String script = MIGRATIONS.get(next);
            inTransaction(c -> {
                try (Statement statement = c.createStatement()) {
                    for (String sql : script.split(";")) {
                        if (!sql.isBlank()) {
                            statement.execute(sql);
                        }
                    }
                    statement.execute("PRAGMA user_version = " + target);
                }
                return null;
            });
        }
    }

    public String location() {
        return location;
    }

    /** A unit of work against the connection; runs inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none of it. */
    public synchronized <T> T inTransaction(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store " + location + " failed", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close store " + location, e);
        }
    }
}
