package dev.nomaddeployer.store;

import dev.nomaddeployer.config.StoreSettings;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.deploy.StoreHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.SQLiteConnection;

/**
 * One SQLite connection shared by the inbox, the target queue and the history. SQLite allows one writer at
 * a time anyway, so a single connection guarded by this object's monitor is both the simplest and the
 * fastest arrangement; every unit of work runs in one transaction.
 */
public final class Database implements StoreHealth, AutoCloseable {
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
            """,
            // A target that was being applied when the service stopped: its register may have reached Nomad.
            """
            ALTER TABLE targets ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
            """,
            // What the job index learned, so that a restart reads only the jobs that changed meanwhile.
            """
            CREATE TABLE known_jobs (
              namespace TEXT NOT NULL,
              job_id TEXT NOT NULL,
              job_modify_index INTEGER NOT NULL,
              unreadable INTEGER NOT NULL DEFAULT 0,
              usages TEXT NOT NULL,
              PRIMARY KEY (namespace, job_id)
            );
            """);

    /** The busy time-out {@code docs/store.md} promises: how long a write waits for another process's lock. */
    static final int BUSY_TIMEOUT_MILLIS = 5000;

    private final Connection connection;
    private final String location;
    private final StoreFiles files;
    /** Set once the open store can no longer be trusted (damaged, replaced); every later call fails with it. */
    private volatile StoreException lasting;
    /** The last failure of a unit of work, until a write succeeds: what readiness reports. */
    private volatile StoreException lastFailure;

    private Database(Connection connection, String location, StoreFiles files) {
        this.connection = connection;
        this.location = location;
        this.files = files;
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

    /**
     * Opens the store at {@code jdbcUrl}, checks its pages ({@code PRAGMA quick_check}) and brings its schema up
     * to date. A damaged store stops start-up: running on it would acknowledge pushes it cannot keep.
     */
    public static Database open(String jdbcUrl, String location) {
        Connection connection;
        try {
            Properties options = new Properties();
            // Given to the driver rather than run as a PRAGMA, which the driver would overwrite with its own default.
            options.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
            connection = DriverManager.getConnection(jdbcUrl, options);
        } catch (SQLException e) {
            throw StoreFailures.classify("cannot open store " + location, e);
        }
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // FULL: a webhook answer of 2xx promises the event survives a power cut, not just a crash.
                statement.execute("PRAGMA synchronous=FULL");
            }
            Database database = new Database(connection, location, StoreFiles.of(connection));
            database.verify();
            if (database.lasting != null) {
                throw database.lasting;
            }
            database.migrate();
            return database;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof StoreException store ? store : StoreFailures.classify("cannot open store " + location, e);
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

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none of it. Before committing, the file
     * is checked to still be the one opened: a commit into a deleted file would be acknowledged and then lost.
     */
    public synchronized <T> T inTransaction(Work<T> work) {
        if (lasting != null) {
            throw lasting;
        }
        try {
            connection.setAutoCommit(false);
            Exception failure = null;
            try {
                long changesBefore = totalChanges();
                T result = work.run(connection);
                files.checkUnchanged();
                connection.commit();
                if (totalChanges() != changesBefore) {
                    // Only a write that went through says a full disk has room again; reads work on a full disk.
                    lastFailure = null;
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                failure = e;
                rollback(e);
                throw e;
            } finally {
                endTransaction(failure);
            }
        } catch (StoreException e) {
            throw failed(e);
        } catch (SQLException e) {
            throw failed(StoreFailures.classify("store " + location + " failed", e));
        }
    }

    private long totalChanges() throws SQLException {
        return connection.unwrap(SQLiteConnection.class).getDatabase().total_changes();
    }

    /**
     * SQLite rolls a transaction back by itself on some errors (a full disk among them); rolling back again, or
     * the commit the driver makes when auto-commit is turned back on, then fails with "no transaction is
     * active", which must not hide the error that caused it.
     */
    private void rollback(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void endTransaction(Exception failure) throws SQLException {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    private StoreException failed(StoreException e) {
        if (e.kind().lasting()) {
            lasting = e;
        }
        lastFailure = e;
        return e;
    }

    @Override
    public Optional<String> problem() {
        StoreException current = lasting != null ? lasting : lastFailure;
        return Optional.ofNullable(current).map(StoreException::getMessage);
    }

    /** Checks the file is still the one opened and its pages are sound ({@code PRAGMA quick_check}). */
    @Override
    public synchronized void verify() {
        if (lasting != null) {
            return;
        }
        try {
            files.checkUnchanged();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
                List<String> findings = new ArrayList<>();
                while (rows.next()) {
                    findings.add(rows.getString(1));
                }
                if (!findings.equals(List.of("ok"))) {
                    throw new StoreException("store " + location + " is damaged (" + String.join("; ", findings)
                            + "); restore it from a backup, or move it aside to start with an empty store",
                            StoreException.Kind.DAMAGED, null);
                }
            }
        } catch (StoreException e) {
            failed(e);
        } catch (SQLException e) {
            failed(StoreFailures.classify("store " + location + " could not be checked", e));
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
