package dev.nomaddeployer.testbed.postgres;

import dev.nomaddeployer.testbed.ToolRequirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The programs of one PostgreSQL installation, run as a user PostgreSQL accepts. initdb, pg_ctl and postgres
 * refuse to run as root, so when the JVM is root (as in CI containers) they run as the {@code postgres} system
 * user that Debian's package creates, and everything they must write is handed to that user.
 */
final class PostgresPrograms {
    static final String SERVER_USER = "postgres";

    private final Path bin;
    private final Optional<UserPrincipal> serverUser;
    private final Path workDirectory;

    private PostgresPrograms(Path bin, Optional<UserPrincipal> serverUser, Path workDirectory) {
        this.bin = bin;
        this.serverUser = serverUser;
        this.workDirectory = workDirectory;
    }

    /** The installation that {@code initdb} belongs to, run by the owner of {@code workDirectory} unless that is root. */
    static PostgresPrograms find(Path workDirectory) {
        Path initdb = ToolRequirement.locate("initdb").orElseThrow(() -> new PostgresStartException(
                "initdb is not installed (not on PATH nor under /usr/lib/postgresql/*/bin); apt-get install -y postgresql"));
        Path bin;
        try {
            // a symlink on PATH (e.g. /usr/local/bin/initdb) stands for the directory with its pg_ctl and psql
            bin = initdb.toRealPath().getParent();
            boolean root = ((Integer) Files.getAttribute(workDirectory, "unix:uid")) == 0;
            Optional<UserPrincipal> serverUser = Optional.empty();
            if (root) {
                serverUser = Optional.of(workDirectory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(SERVER_USER));
            }
            PostgresPrograms programs = new PostgresPrograms(bin, serverUser, workDirectory);
            programs.handOver(workDirectory);
            return programs;
        } catch (UserPrincipalNotFoundException e) {
            throw new PostgresStartException("running as root, and there is no '" + SERVER_USER
                    + "' user to run PostgreSQL as (Debian's postgresql package creates it)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect " + initdb + " or " + workDirectory, e);
        }
    }

    Path psql() {
        return bin.resolve("psql");
    }

    Path bin() {
        return bin;
    }

    /** Makes {@code path} belong to the user the server programs run as (a no-op when that is this process's user). */
    void handOver(Path path) throws IOException {
        if (serverUser.isPresent()) {
            Files.setOwner(path, serverUser.get());
        }
    }

    /** How a run of a program ended. */
    sealed interface Outcome {
        default boolean succeeded() {
            return this instanceof Exited exited && exited.code() == 0;
        }
    }

    record Exited(int code) implements Outcome {
    }

    record TimedOut(Duration limit) implements Outcome {
    }

    /**
     * Runs {@code program} of the installation with its output appended to {@code log}; killed after {@code limit}.
     * Children it leaves running (the server, for {@code pg_ctl start}) inherit the log as their output, so
     * the server writes to a file this process opened and the server user need not reach its directory.
     */
    Outcome run(Path log, Duration limit, String program, String... args) {
        return run(ProcessBuilder.Redirect.appendTo(log.toFile()), limit, program, args);
    }

    /** Runs {@code program} with its output sent to {@code output} (e.g. discarded, for a status probe). */
    Outcome run(ProcessBuilder.Redirect output, Duration limit, String program, String... args) {
        List<String> command = new ArrayList<>();
        if (serverUser.isPresent()) {
            command.addAll(List.of(ToolRequirement.locate("runuser").orElse(Path.of("/usr/sbin/runuser")).toString(),
                    "-u", serverUser.get().getName(), "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(output)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        try {
            if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Exited(process.exitValue());
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new TimedOut(limit);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
