package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.sqlite.SQLiteConnection;

/**
 * The SQLite store: one connection shared by the inbox, the target queue and the history. SQLite allows one writer at
 * a time anyway, so a single connection guarded by this object's monitor is both the simplest and the
 * fastest arrangement. Every unit of work runs in a transaction, and units that queue up behind a commit in
 * flight share the next one ({@link #inTransaction}): concurrent webhook requests and finishing redeploys pay
 * one fsync together instead of one each.
 */
final class SqliteDatabase extends Database {
    private final Connection connection;
    private final StoreFiles files;
    /** Units submitted and waiting for a transaction; see {@link #inTransaction}. */
    private final Queue<Unit<?>> waiting = new ConcurrentLinkedQueue<>();
    /** Set once the open store can no longer be trusted (damaged, replaced); every later call fails with it. */
    private volatile StoreException lasting;
    /** The last failure of a unit of work, until a write succeeds: what readiness reports. */
    private volatile StoreException lastFailure;

    private SqliteDatabase(Connection connection, String location, StoreFiles files) {
        super(location);
        this.connection = connection;
        this.files = files;
    }

    /** Opens (creating if needed) the SQLite file at {@code path} and brings its schema up to date. */
    static SqliteDatabase file(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (Exception e) {
            throw new StoreException("cannot create the directory of store file " + path, e);
        }
        return at("jdbc:sqlite:" + path, path.toString());
    }

    /**
     * Opens the store at {@code jdbcUrl}, checks its pages ({@code PRAGMA quick_check}) and brings its schema up
     * to date. A damaged store stops start-up: running on it would acknowledge pushes it cannot keep.
     */
    static SqliteDatabase at(String jdbcUrl, String location) {
        Connection connection;
        try {
            Properties options = new Properties();
            // Given to the driver rather than run as a PRAGMA, which the driver would overwrite with its own default.
            options.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
            // Every transaction here writes. Begun deferred, one that reads first fails at once with SQLITE_BUSY
            // when another process commits before its first write (the busy time-out does not cover that upgrade);
            // begun immediate, it takes the write lock first and waits for it within the busy time-out.
            options.setProperty("transaction_mode", "IMMEDIATE");
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
            SqliteDatabase database = new SqliteDatabase(connection, location, StoreFiles.of(connection));
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

    /** The schema version is {@code PRAGMA user_version}, set in the transaction of the migration it names. */
    private synchronized void migrate() throws SQLException {
        int version;
        try (Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("PRAGMA user_version");
            version = result.next() ? result.getInt(1) : 0;
        }
        if (version > Migrations.latest()) {
            throw new SQLException("store " + location() + " has schema version " + version
                    + ", newer than this nomad-deployer understands (" + Migrations.latest() + ")");
        }
        for (int next = version; next < Migrations.latest(); next++) {
            int target = next + 1;
            List<String> statements = Migrations.ALL.get(next).statements(Dialect.SQLITE);
            inTransaction(c -> {
                try (Statement statement = c.createStatement()) {
                    for (String sql : statements) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + target);
                }
                return null;
            });
        }
    }

    /**
     * Runs {@code work} in a transaction and returns once it is committed; all of it is committed, or none of it.
     * Before committing, the file is checked to still be the one opened: a commit into a deleted file would be
     * acknowledged and then lost.
     *
     * <p>Group commit: units that arrive while another commit is in flight wait for it, and the first of them
     * to get the connection runs every waiting unit in one transaction, with one commit (one fsync), then
     * releases them all. A unit that comes alone is committed at once; nothing waits for a timer. Each unit runs
     * inside its own savepoint: a unit that fails by itself (its code throws) is rolled back alone and only its
     * caller gets the failure; the others of its transaction commit. A failure of the store (any
     * {@link SQLException}, the file check, the commit) fails every unit of the transaction alike, and nothing
     * of it is kept. Units of one transaction run one after the other, each seeing the effects of those before
     * it, exactly as if each had been committed on its own in that order. A caller does what can fail for
     * reasons of its own (turning its input into values) before it submits its unit, so that what runs in the
     * shared transaction can fail only because of the store.
     */
    @Override
    public <T> T inTransaction(Work<T> work) {
        Unit<T> unit = new Unit<>(work);
        waiting.add(unit);
        synchronized (this) {
            if (!unit.done) {
                commitWaiting();
            }
        }
        return unit.result();
    }

    /**
     * Runs read-only {@code work} on the connection, outside a transaction: with the one connection held, no
     * write can come between its statements, and it needs neither a savepoint nor a commit. It waits for a
     * commit in flight like any unit. {@code work} must not write; a write here would not be group-committed.
     */
    @Override
    public <T> T read(Work<T> work) {
        synchronized (this) {
            if (lasting != null) {
                throw lasting;
            }
            try {
                return work.run(connection);
            } catch (SQLException e) {
                throw failed(StoreFailures.classify("store " + location() + " failed", e));
            }
        }
    }

    /** Units waiting for the commit in flight to end; the next transaction takes them all. */
    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public int queuedUnits() {
        return waiting.size();
    }


    /** One caller's unit of work and, once its transaction ended, what it returned or how it failed. */
    private static final class Unit<T> {
        private final Work<T> work;
        private boolean done;
        private T value;
        private RuntimeException failure;

        Unit(Work<T> work) {
            this.work = work;
        }

        void run(Connection connection) throws SQLException {
            value = work.run(connection);
        }

        void fail(RuntimeException e) {
            done = true;
            failure = e;
        }

        /** Read by the caller after it held the monitor the committer completed it under. */
        T result() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /** Runs every waiting unit (the caller's among them) in one transaction, then completes each. */
    private void commitWaiting() {
        List<Unit<?>> batch = new ArrayList<>();
        for (Unit<?> next = waiting.poll(); next != null; next = waiting.poll()) {
            batch.add(next);
        }
        try {
            if (lasting != null) {
                throw lasting;
            }
            runAndCommit(batch);
            for (Unit<?> unit : batch) {
                unit.done = true;
            }
        } catch (StoreException e) {
            StoreException failure = failed(e);
            batch.stream().filter(unit -> !unit.done).forEach(unit -> unit.fail(failure));
        } catch (SQLException e) {
            StoreException failure = failed(StoreFailures.classify("store " + location() + " failed", e));
            batch.stream().filter(unit -> !unit.done).forEach(unit -> unit.fail(failure));
        } catch (RuntimeException e) {
            // Not a failure SQLite reported (a fault in the driver or here): every unit still gets an answer.
            batch.stream().filter(unit -> !unit.done).forEach(unit -> unit.fail(e));
        } catch (Error e) {
            batch.stream().filter(unit -> !unit.done).forEach(unit -> unit.fail(new IllegalStateException(e)));
            throw e;
        }
    }

    private void runAndCommit(List<Unit<?>> batch) throws SQLException {
        connection.setAutoCommit(false);
        Exception failure = null;
        try {
            long changesBefore = totalChanges();
            if (batch.size() == 1) {
                // Alone in its transaction a unit needs no savepoint: if its own code fails, all of it is undone.
                Unit<?> only = batch.get(0);
                try {
                    only.run(connection);
                } catch (RuntimeException e) {
                    only.fail(e);
                    rollback(e);
                    return;
                }
            } else {
                for (Unit<?> unit : batch) {
                    runInSavepoint(unit);
                }
            }
            files.checkUnchanged();
            long commitStarted = System.nanoTime();
            connection.commit();
            boolean wrote = totalChanges() != changesBefore;
            // Read-only transactions pay no sync and are not timed.
            committed(wrote, commitStarted);
            if (wrote) {
                // Only a write that went through says a full disk has room again; reads work on a full disk.
                lastFailure = null;
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
            rollback(e);
            throw e;
        } finally {
            endTransaction(failure);
        }
    }

    /**
     * A unit whose own code throws is undone back to its savepoint and answered with its exception. An
     * {@link SQLException} is the store's: it propagates and fails the whole transaction, because SQLite may
     * already have rolled all of it back by itself (a full disk does), leaving no savepoint to return to.
     */
    private void runInSavepoint(Unit<?> unit) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT unit");
            try {
                unit.run(connection);
            } catch (RuntimeException e) {
                statement.execute("ROLLBACK TO unit");
                unit.fail(e);
            }
            statement.execute("RELEASE unit");
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
                    throw new StoreException("store " + location() + " is damaged (" + String.join("; ", findings)
                            + "); restore it from a backup, or move it aside to start with an empty store",
                            StoreException.Kind.DAMAGED, null);
                }
            }
        } catch (StoreException e) {
            failed(e);
        } catch (SQLException e) {
            failed(StoreFailures.classify("store " + location() + " could not be checked", e));
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close store " + location(), e);
        }
    }
}
