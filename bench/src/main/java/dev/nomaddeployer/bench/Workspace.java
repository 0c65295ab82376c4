package dev.nomaddeployer.bench;

import dev.nomaddeployer.testbed.WorkDirectories;
import dev.nomaddeployer.testbed.postgres.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The run's temporary directory (jobs file, logs, the service's SQLite store) and, for {@code --store postgresql},
 * the PostgreSQL server the service's store lives on; both removed on close.
 */
public final class Workspace implements AutoCloseable {
    private static final String ROLE = "deployer";
    private final Path dir;
    private final StoreKind store;
    private PostgresServer postgres;
    private String password;

    private Workspace(Path dir, StoreKind store) {
        this.dir = dir;
        this.store = store;
    }

    public static Workspace create(StoreKind store) {
        return create("nomad-deployer-bench-", store);
    }

    /** {@code prefix}: how the temporary directory's name begins, so a left-over one says whose it was. */
    public static Workspace create(String prefix, StoreKind store) {
        try {
            return new Workspace(Files.createTempDirectory(prefix), store);
        } catch (IOException e) {
            throw new BenchFailure("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    /**
     * The service's store flags; a second start gets the same store, as the first left it. The PostgreSQL server
     * is started on first use, with the database and least-privileged role an operator would set up.
     */
    public synchronized List<String> storeFlags() {
        if (store == StoreKind.SQLITE) {
            return List.of("--store.path=" + file("bench.db"));
        }
        if (postgres == null) {
            System.err.println("bench: starting a PostgreSQL server for the store");
            password = UUID.randomUUID().toString();
            postgres = PostgresServer.builder().logFile(file("postgres.log")).start();
            postgres.createRole(ROLE, password);
            postgres.createDatabase("deployer");
            postgres.grantOwnSchema("deployer", ROLE);
        }
        return List.of("--store.url=" + postgres.jdbcUrl("deployer"), "--store.user=" + ROLE,
                "--store.password=" + password);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Copies the processes' output ({@code *.log}) to {@code target}, creating it if needed. */
    public void copyLogsTo(Path target) {
        try (Stream<Path> files = Files.list(dir)) {
            Files.createDirectories(target);
            for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            System.err.println("bench: logs copied to " + target.toAbsolutePath());
        } catch (IOException e) {
            System.err.println("bench: could not copy the logs to " + target + ": " + e);
        }
    }

    @Override
    public synchronized void close() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        try {
            WorkDirectories.deleteRecursively(dir, "the run's directory");
        } catch (UncheckedIOException e) {
            System.err.println("bench: " + e.getMessage());
        }
    }
}
