package dev.nomaddeployer.testbed.postgres;

import dev.nomaddeployer.testbed.LogFiles;
import dev.nomaddeployer.testbed.WorkDirectories;
import dev.nomaddeployer.testbed.postgres.PostgresPrograms.Exited;
import dev.nomaddeployer.testbed.postgres.PostgresPrograms.Outcome;
import dev.nomaddeployer.testbed.postgres.PostgresPrograms.TimedOut;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throw-away PostgreSQL server from the installed packages: {@code initdb} into a temporary directory and
 * {@code pg_ctl start} on a free loopback port, reachable only over {@code 127.0.0.1} with passwords
 * (scram-sha-256). Tests get what production gets: a real server, real roles and privileges, sessions that can
 * be killed and a server that can restart under them.
 *
 * <pre>{@code
 * try (PostgresServer postgres = PostgresServer.builder().start()) {
 *     postgres.createRole("deployer", "secret");
 *     postgres.createDatabase("deployer");
 *     postgres.grantOwnSchema("deployer", "deployer");
 *     DataSource store = ...(postgres.jdbcUrl("deployer"), "deployer", "secret");
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser initdb creates; its password is generated per server. */
    public static final String SUPERUSER = "postgres";
    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PSQL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(10);
    /** The settings file postgresql.conf includes, rewritten for each start attempt. */
    private static final String SETTINGS_FILE = "testbed.conf";

    private final PostgresPrograms programs;
    private final Path workDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final String superuserPassword;
    private final Duration startupTimeout;
    private final Thread reaper;
    private boolean closed;

    private PostgresServer(PostgresPrograms programs, Path workDirectory, Path logFile, int port,
            String superuserPassword, Duration startupTimeout) {
        this.programs = programs;
        this.workDirectory = workDirectory;
        this.dataDirectory = workDirectory.resolve("data");
        this.logFile = logFile;
        this.port = port;
        this.superuserPassword = superuserPassword;
        this.startupTimeout = startupTimeout;
        // a test JVM ended by a time-out must not leave servers (and their shared memory) behind it
        this.reaper = new Thread(this::stopImmediatelyAndDelete, "postgres-reaper-" + port);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The loopback TCP port; the same for the server's whole life, across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}; user and password are passed separately. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + SqlNames.plain(database);
    }

    public String superuserPassword() {
        return superuserPassword;
    }

    /** {@code psql} connected to {@code database} as the superuser. */
    public Psql psql(String database) {
        return psql(database, SUPERUSER, superuserPassword);
    }

    /** {@code psql} connected to {@code database} as {@code role} with {@code password}. */
    public Psql psql(String database, String role, String password) {
        return new Psql(programs.psql(), port, database, role, password, PSQL_TIMEOUT);
    }

    /**
     * A role that can log in with {@code password} and nothing else: not a superuser, cannot create databases
     * or roles, cannot replicate or bypass row security.
     */
    public void createRole(String name, String password) {
        superuser().query("create role " + SqlNames.identifier(name)
                + " login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password "
                + SqlNames.literal(password));
    }

    /**
     * A database owned by the superuser that no role may connect to until {@link #grantOwnSchema} lets it, and in
     * whose {@code public} schema nobody but the superuser may create (PostgreSQL before 15 let everyone).
     */
    public void createDatabase(String name) {
        Psql superuser = superuser();
        superuser.query("create database " + SqlNames.identifier(name));
        superuser.query("revoke all on database " + SqlNames.identifier(name) + " from public");
        psql(name).query("revoke create on schema public from public");
    }

    /**
     * Lets {@code role} connect to {@code database} and gives it a schema of its own, named after it: the first
     * entry of the default {@code search_path} ({@code "$user", public}), so its unqualified {@code create table}
     * lands there. That is all it may create: no other schema, no temporary tables, and it cannot drop the
     * database.
     */
    public void grantOwnSchema(String database, String role) {
        superuser().query("grant connect on database " + SqlNames.identifier(database) + " to " + SqlNames.identifier(role));
        psql(database).query("create schema " + SqlNames.identifier(role) + " authorization " + SqlNames.identifier(role));
    }

    /**
     * Ends every session {@code role} has open now ({@code pg_terminate_backend}) and returns once those are gone,
     * as when an operator or a failover cuts a client off; sessions it opens afterwards are left alone. Returns
     * how many there were.
     */
    public int terminateBackendsOf(String role) {
        Psql superuser = superuser();
        String ofRole = " from pg_stat_activity where usename = " + SqlNames.literal(SqlNames.plain(role));
        String pids = superuser.query("select string_agg(pid::text, ',')" + ofRole);
        if (pids.isEmpty()) {
            return 0;
        }
        int terminated = Integer.parseInt(superuser.query("select count(pg_terminate_backend(pid)) from"
                + " pg_stat_activity where pid in (" + pids + ")"));
        // Wait for those sessions only: a client with a connection pool opens new ones at once.
        long deadline = System.nanoTime() + TERMINATION_TIMEOUT.toNanos();
        while (Integer.parseInt(superuser.query("select count(*) from pg_stat_activity where pid in (" + pids + ")")) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sessions of " + role + " still open " + TERMINATION_TIMEOUT
                        + " after pg_terminate_backend; log " + logFile + ":\n" + LogFiles.tail(logFile));
            }
            sleep(Duration.ofMillis(20));
        }
        return terminated;
    }


    /** Whether the server is up ({@code pg_ctl status}). */
    public boolean isRunning() {
        if (!Files.isDirectory(dataDirectory)) {
            return false;
        }
        // its answer is the exit code; what it prints would only clutter the server's log
        return programs.run(ProcessBuilder.Redirect.DISCARD, STOP_TIMEOUT, "pg_ctl", "status", "-D", dataDirectory.toString())
                .succeeded();
    }

    /**
     * Fast shutdown: open sessions are ended, then the server checkpoints and exits. If it has not stopped within
     * 30 s it is shut down immediately (no checkpoint, recovery at the next start).
     */
    public synchronized void stop() {
        if (!Files.isDirectory(dataDirectory) || stop("fast") || stop("immediate")) {
            return;
        }
        throw new IllegalStateException("PostgreSQL on port " + port + " did not stop; log " + logFile + ":\n"
                + LogFiles.tail(logFile));
    }

    /** Starts the stopped server again on the same port with the same data. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (isRunning()) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is already running");
        }
        long logOffset = logSize(logFile);
        Outcome outcome = Builder.startServer(programs, dataDirectory, logFile, startupTimeout);
        if (!outcome.succeeded()) {
            throw Builder.startFailure(programs, dataDirectory, outcome, port, logFile, logOffset);
        }
    }

    /** {@link #stop()} then {@link #start()}: every session is cut, committed data stays. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** The server's log (initdb, pg_ctl and the server itself); kept after {@link #close()} for diagnosis. */
    public Path logFile() {
        return logFile;
    }

    public String logText() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Holds the data directory and the Unix socket; removed by {@link #close()}. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** Stops the server and removes its data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; it stops and removes the server itself
            }
            WorkDirectories.deleteRecursively(workDirectory, "PostgreSQL's directory");
        }
    }

    private Psql superuser() {
        return psql(SUPERUSER);
    }

    /** True when the server is not running afterwards. */
    private boolean stop(String mode) {
        programs.run(logFile, STOP_TIMEOUT.plusSeconds(5), "pg_ctl", "stop", "-D", dataDirectory.toString(),
                "-m", mode, "-w", "-t", Long.toString(STOP_TIMEOUT.toSeconds()));
        return !isRunning();
    }

    private void stopImmediatelyAndDelete() {
        stop("immediate");
        WorkDirectories.deleteRecursively(workDirectory, "PostgreSQL's directory");
    }

    private static long logSize(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Path logFile;

        private Builder() {
        }

        /**
         * A server setting ({@code postgresql.conf} syntax, e.g. {@code setting("log_connections", "on")}); the
         * harness's own (listen address, port, socket directory) cannot be overridden.
         */
        public Builder setting(String name, String value) {
            if (!name.matches("[a-z_][a-z0-9_.]*")) {
                throw new IllegalArgumentException("'" + name + "' is not a PostgreSQL setting name");
            }
            settings.put(name, value);
            return this;
        }

        /** Default 60 s, for initdb and again for each start of the server. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** Default: a new file in {@code ./target/postgres-logs/} when {@code ./target} exists, else in the system temp directory. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public PostgresServer start() {
            Path work;
            Path log;
            try {
                work = Files.createTempDirectory("postgres-");
                log = logFile != null ? logFile : LogFiles.create("postgres-logs", "postgres-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a work directory for PostgreSQL", e);
            }
            try {
                PostgresPrograms programs = PostgresPrograms.find(work);
                String password = generatePassword();
                Path data = work.resolve("data");
                initdb(programs, work, data, log, password);
                RuntimeException last = null;
                // the free port is found by binding and releasing it, so another process may take it in between
                for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                    int port = freeLoopbackPort();
                    writeSettings(programs, work, data, port);
                    long logOffset = logSize(log);
                    Outcome outcome = startServer(programs, data, log, startupTimeout);
                    if (outcome.succeeded()) {
                        return new PostgresServer(programs, work, log, port, password, startupTimeout);
                    }
                    // the server's own words for a port another process took since freeLoopbackPort released it
                    boolean portTaken = logSince(log, logOffset).contains("Address already in use");
                    last = startFailure(programs, data, outcome, port, log, logOffset);
                    if (!portTaken) {
                        break;
                    }
                }
                throw last;
            } catch (RuntimeException e) {
                WorkDirectories.deleteRecursively(work, "PostgreSQL's directory");
                throw e;
            }
        }

        private void initdb(PostgresPrograms programs, Path work, Path data, Path log, String password) {
            Path passwordFile = work.resolve("superuser-password");
            try {
                Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
                programs.handOver(passwordFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + passwordFile, e);
            }
            // C locale and UTF-8: the same server, and English messages, whatever the host's locale;
            // --no-sync only skips flushing initdb's own files, the server keeps fsync on
            Outcome outcome = programs.run(log, startupTimeout, "initdb", "-D", data.toString(),
                    "--username=" + SUPERUSER, "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                    "--encoding=UTF8", "--no-locale", "--no-sync");
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + passwordFile, e);
            }
            if (!outcome.succeeded()) {
                throw new PostgresStartException("initdb " + describe(outcome) + "; log " + log + ":\n"
                        + LogFiles.tail(log));
            }
            try {
                Files.writeString(data.resolve("postgresql.conf"), "\ninclude '" + SETTINGS_FILE + "'\n",
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extend " + data.resolve("postgresql.conf"), e);
            }
        }

        private void writeSettings(PostgresPrograms programs, Path work, Path data, int port) {
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.put("listen_addresses", HOST);
            all.put("port", Integer.toString(port));
            // inside the work directory: no clash with a system server's /var/run/postgresql, and removed with it
            all.put("unix_socket_directories", work.resolve("socket").toString());
            // PostgreSQL 13 and older store md5 by default, which scram-sha-256 in pg_hba.conf would refuse
            all.put("password_encryption", "scram-sha-256");
            StringBuilder text = new StringBuilder("# written by the testbed's PostgresServer\n");
            all.forEach((name, value) -> text.append(name).append(" = ").append(SqlNames.configValue(value)).append('\n'));
            Path file = data.resolve(SETTINGS_FILE);
            try {
                Files.createDirectories(work.resolve("socket"));
                programs.handOver(work.resolve("socket"));
                Files.writeString(file, text, StandardCharsets.UTF_8);
                programs.handOver(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        static Outcome startServer(PostgresPrograms programs, Path data, Path log, Duration startupTimeout) {
            // no -l: the server inherits pg_ctl's output, the log this process opened
            return programs.run(log, startupTimeout.plusSeconds(10), "pg_ctl", "start", "-D", data.toString(),
                    "-w", "-t", Long.toString(Math.max(1, startupTimeout.toSeconds())));
        }

        /** Makes sure a server that came up too late does not stay behind, and says why the start failed. */
        static PostgresStartException startFailure(PostgresPrograms programs, Path data, Outcome outcome, int port, Path log, long logOffset) {
            String since = logSince(log, logOffset);
            programs.run(log, STOP_TIMEOUT, "pg_ctl", "stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "10");
            return new PostgresStartException("pg_ctl start on 127.0.0.1:" + port + " " + describe(outcome)
                    + "; log " + log + ":\n" + LogFiles.lastLines(since));
        }

        private static String describe(Outcome outcome) {
            if (outcome instanceof TimedOut timedOut) {
                return "did not finish within " + timedOut.limit() + " and was killed";
            }
            return "exited with " + ((Exited) outcome).code();
        }

        private static String logSince(Path log, long offset) {
            try (InputStream in = Files.newInputStream(log)) {
                in.skipNBytes(Math.min(offset, Files.size(log)));
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }

        private static String generatePassword() {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }

        private static int freeLoopbackPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
    }
}
