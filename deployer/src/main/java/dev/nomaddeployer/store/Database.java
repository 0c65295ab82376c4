package dev.nomaddeployer.store;

import dev.nomaddeployer.config.StoreSettings;
import dev.nomaddeployer.deploy.StoreHealth;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The database the inbox, the target queue, the history and the job index live in: SQLite (a file, the
 * zero-setup default for one instance) or PostgreSQL (shared by several replicas). Both hold the same tables
 * ({@link Migrations}) and give the same guarantees to the {@code Jdbc*} classes, which write their SQL once.
 */
public abstract sealed class Database implements StoreHealth, AutoCloseable permits SqliteDatabase, PostgresDatabase {
    /**
     * How long a write waits for a lock another writer holds (SQLite: another process; PostgreSQL: another
     * replica's transaction), and for a free connection: the time-out {@code docs/store.md} promises.
     */
    static final int BUSY_TIMEOUT_MILLIS = 5000;

    private final String location;
    private final AtomicLong commits = new AtomicLong();
    /** Told how long each commit that wrote something took. */
    private volatile Consumer<Duration> commitTimes = took -> { };

    Database(String location) {
        this.location = location;
    }

    /** A unit of work against a connection; runs inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Opens the store the settings name — {@code store.url} when set ({@code jdbc:postgresql:} or
     * {@code jdbc:sqlite:}), else the SQLite file {@code store.path} — and brings its schema up to date.
     */
    public static Database open(StoreSettings settings) {
        if (settings.url().isPresent() && settings.url().get().startsWith(PostgresDatabase.URL_PREFIX)) {
            return PostgresDatabase.connect(settings);
        }
        return settings.url().<Database>map(url -> SqliteDatabase.at(url, url))
                .orElseGet(() -> SqliteDatabase.file(settings.path()));
    }

    /** Opens (creating if needed) the SQLite file at {@code path}. */
    public static Database openFile(Path path) {
        return SqliteDatabase.file(path);
    }

    /** Opens the SQLite store at {@code jdbcUrl}; {@code location} names it in messages. */
    public static Database open(String jdbcUrl, String location) {
        return SqliteDatabase.at(jdbcUrl, location);
    }

    /**
     * Runs {@code work} in a transaction and returns once it is committed; all of it is committed, or none of
     * it. A failure of the store is a {@link dev.nomaddeployer.deploy.StoreException} saying what it means.
     */
    public abstract <T> T inTransaction(Work<T> work);

    /** Runs read-only {@code work}; it must not write. */
    public abstract <T> T read(Work<T> work);

    /** Which database this is, for the few statements the two write differently. */
    public abstract Dialect dialect();

    /** The store as messages name it (a file, or a URL without credentials). */
    public final String location() {
        return location;
    }

    /** From now on, {@code observer} is told how long each commit that wrote something took. */
    public final void timeCommitsWith(Consumer<Duration> observer) {
        this.commitTimes = observer;
    }

    /** Units waiting for a commit in flight to end (SQLite's group commit; 0 where each unit commits alone). */
    public abstract int queuedUnits();

    /** Transactions committed since the store was opened. */
    public final long commits() {
        return commits.get();
    }

    /** Counts a commit; {@code wrote} with the time it took when it wrote something (a sync was paid). */
    final void committed(boolean wrote, long startedNanos) {
        commits.incrementAndGet();
        if (wrote) {
            commitTimes.accept(Duration.ofNanos(System.nanoTime() - startedNanos));
        }
    }

    @Override
    public abstract void close();
}
