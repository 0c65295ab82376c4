package dev.nomaddeployer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** The run's temporary directory (jobs file, logs, the service's SQLite store); deleted on close. */
public final class Workspace implements AutoCloseable {
    private final Path dir;

    private Workspace(Path dir) {
        this.dir = dir;
    }

    public static Workspace create() {
        try {
            return new Workspace(Files.createTempDirectory("nomad-deployer-bench-"));
        } catch (IOException e) {
            throw new BenchFailure("cannot create a temporary directory: " + e.getMessage(), e);
        }
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
    public void close() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
