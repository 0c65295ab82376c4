package dev.nomaddeployer.testbed.postgres;

import dev.nomaddeployer.testbed.CapturedRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own command-line client, connected to one database of a {@link PostgresServer} over loopback
 * TCP as one role with its password. The testbed talks SQL through it rather than through a JDBC driver, which
 * would end up in {@code nomad-sim.jar}.
 *
 * <p>Each call is one {@code psql -c SQL}: one statement (or several, then in one implicit transaction),
 * output unaligned without headers, errors with their SQLSTATE ({@code ERROR:  42501: permission denied…}).
 */
public final class Psql {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Path executable;
    private final int port;
    private final String database;
    private final String role;
    private final String password;
    private final Duration timeout;

    Psql(Path executable, int port, String database, String role, String password, Duration timeout) {
        this.executable = executable;
        this.port = port;
        this.database = SqlNames.plain(database);
        this.role = SqlNames.plain(role);
        this.password = password;
        this.timeout = timeout;
    }

    /** A finished {@code psql}: exit 0 when the SQL ran, 1 for an SQL error, 2 when the connection failed or was lost. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs {@code sql} and returns how psql ended; throws {@link PsqlException} only when it cannot run or times out. */
    public Result run(String sql) {
        List<String> command = command(sql);
        CapturedRun.Outcome outcome = CapturedRun.run(processBuilder(command), timeout, "psql-");
        if (outcome instanceof CapturedRun.Exited exited) {
            return new Result(exited.exitCode(), exited.stdout(), exited.stderr());
        }
        throw new PsqlException(command, CapturedRun.whyNotExited(outcome, timeout), CapturedRun.output(outcome));
    }

    /** Runs {@code sql} and returns its output without the final newline; throws {@link PsqlException} unless it succeeded. */
    public String query(String sql) {
        Result result = run(sql);
        if (!result.succeeded()) {
            throw new PsqlException(command(sql), "exited with " + result.exitCode(), result.stderr() + result.stdout());
        }
        return result.stdout().strip();
    }

    /**
     * Starts {@code sql} in the background and returns at once: an open session, e.g. {@code select pg_sleep(60)}.
     * The caller waits for it (with a time-out) or destroys it; its output is readable from the process' streams.
     */
    public Process start(String sql) {
        List<String> command = command(sql);
        try {
            return processBuilder(command).start();
        } catch (IOException e) {
            throw new PsqlException(command, "could not start (" + e.getMessage() + ")", "");
        }
    }

    private List<String> command(String sql) {
        return List.of(executable.toString(), "--no-psqlrc", "--no-password", "--quiet", "--no-align", "--tuples-only",
                "--set=ON_ERROR_STOP=1", "--set=VERBOSITY=verbose",
                "--host=127.0.0.1", "--port=" + port, "--username=" + role, "--dbname=" + database, "--command=" + sql);
    }

    private ProcessBuilder processBuilder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> environment = builder.environment();
        // the caller's PGHOST, PGSERVICE, PGSSLMODE… must not redirect or alter the connection
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        // the password goes in the environment, never on the command line where ps would show it
        environment.put("PGPASSWORD", password);
        environment.put("PGCONNECT_TIMEOUT", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        environment.put("PGSSLMODE", "disable");
        return builder;
    }
}
