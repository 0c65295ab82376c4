package dev.nomaddeployer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nomaddeployer.config.StoreSettings;
import dev.nomaddeployer.deploy.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The PostgreSQL store, shared by every replica: a small connection pool (HikariCP), each unit of work its own
 * transaction. PostgreSQL orders concurrent writers itself and commits each transaction's WAL with those of
 * others that commit at the same moment, so the group commit SQLite needs is not repeated here. A 2xx to the
 * registry still waits for this replica's own commit.
 */
final class PostgresDatabase extends Database {
    static final String URL_PREFIX = "jdbc:postgresql:";
    /** Whoever holds it migrates; a second replica starting at the same moment waits, then finds nothing to do. */
    private static final long MIGRATION_LOCK = 0x6e6f6d61645f6d67L;
    private static final int POOL_SIZE = 8;
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final HikariDataSource pool;
    /** The last failure, until a unit of work or a probe succeeds: what readiness reports. */
    private volatile StoreException lastFailure;
    private volatile long lastProbeNanos;
    private final AtomicBoolean probing = new AtomicBoolean();

    private PostgresDatabase(HikariDataSource pool, String location) {
        super(location);
        this.pool = pool;
    }

    /** Connects (waiting up to the busy time-out for the server), then brings the schema up to date. */
    static PostgresDatabase connect(StoreSettings settings) {
        String url = settings.url().orElseThrow();
        String location = withoutSecrets(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("store");
        config.setJdbcUrl(url);
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(BUSY_TIMEOUT_MILLIS);
        config.setValidationTimeout(Math.min(2000, BUSY_TIMEOUT_MILLIS));
        config.setInitializationFailTimeout(BUSY_TIMEOUT_MILLIS);
        // A lock another replica holds is waited for as long as SQLite's busy time-out, then the unit fails BUSY.
        config.setConnectionInitSql("SET lock_timeout = " + BUSY_TIMEOUT_MILLIS);
        config.addDataSourceProperty("ApplicationName", "nomad-deployer");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            SQLException cause = e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
            throw PostgresFailures.classify("cannot open store " + location, cause);
        }
        PostgresDatabase database = new PostgresDatabase(pool, location);
        try {
            database.migrate();
            return database;
        } catch (SQLException e) {
            pool.close();
            throw PostgresFailures.classify("cannot bring store " + location + " up to date", e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** A URL as logs and messages may show it: a password given as a URL parameter is masked. */
    static String withoutSecrets(String url) {
        return url.replaceAll("(?i)([?&]password=)[^&]*", "$1********");
    }

    /**
     * The schema version lives in table {@code schema_version}; each migration and the version it brings are one
     * transaction (PostgreSQL's DDL is transactional). A session advisory lock keeps replicas that start at the
     * same moment from migrating twice.
     */
    private void migrate() throws SQLException {
        try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
                int version;
                try (ResultSet row = statement.executeQuery("SELECT max(version) FROM schema_version")) {
                    version = row.next() ? row.getInt(1) : 0;
                }
                if (version > Migrations.latest()) {
                    throw new StoreException("store " + location() + " has schema version " + version
                            + ", newer than this nomad-deployer understands (" + Migrations.latest() + ")", null);
                }
                for (int next = version; next < Migrations.latest(); next++) {
                    c.setAutoCommit(false);
                    for (String sql : Migrations.ALL.get(next).statements(Dialect.POSTGRESQL)) {
                        statement.execute(sql);
                    }
                    statement.execute("DELETE FROM schema_version");
                    statement.execute("INSERT INTO schema_version (version) VALUES (" + (next + 1) + ")");
                    c.commit();
                    c.setAutoCommit(true);
                }
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            T value;
            try {
                value = work.run(c);
                long started = System.nanoTime();
                c.commit();
                committed(true, started);
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
            lastFailure = null;
            return value;
        } catch (SQLException e) {
            throw failed(PostgresFailures.classify("store " + location() + " failed", e));
        }
    }

    @Override
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failed(PostgresFailures.classify("store " + location() + " failed", e));
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private StoreException failed(StoreException e) {
        lastFailure = e;
        return e;
    }

    /**
     * The last failure, re-checked at most once a second while there is one: after a database restart the
     * replica reports ready again as soon as the database answers, even if nothing has been written since.
     */
    @Override
    public Optional<String> problem() {
        if (lastFailure != null && System.nanoTime() - lastProbeNanos > PROBE_EVERY.toNanos()
                && probing.compareAndSet(false, true)) {
            lastProbeNanos = System.nanoTime();
            // In the background: while the database is down a probe waits up to the pool's time-out, and the
            // caller (a /ready request) must not.
            Thread probe = new Thread(() -> {
                try {
                    verify();
                } finally {
                    probing.set(false);
                }
            }, "store-probe");
            probe.setDaemon(true);
            probe.start();
        }
        return Optional.ofNullable(lastFailure).map(StoreException::getMessage);
    }

    /** Asks the database to answer at all; a failure becomes the store's problem until a later success. */
    @Override
    public void verify() {
        try (Connection c = pool.getConnection(); Statement statement = c.createStatement()) {
            statement.execute("SELECT 1");
            lastFailure = null;
        } catch (SQLException e) {
            lastFailure = PostgresFailures.classify("store " + location() + " failed", e);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public int queuedUnits() {
        return 0;
    }

    @Override
    public void close() {
        pool.close();
    }
}
