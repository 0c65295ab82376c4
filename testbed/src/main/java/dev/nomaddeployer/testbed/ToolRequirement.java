package dev.nomaddeployer.testbed;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards tests that need an external program. On a laptop without it the test is skipped with the reason;
 * under {@code CI=true} it fails instead, because a CI run that silently skips the real-registry or
 * real-PostgreSQL tests would report green without having tested anything that matters.
 *
 * <p>Uses JUnit's {@link Assumptions}; testbed depends on junit-jupiter-api with scope {@code provided},
 * so call {@link #assumeInstalled} only from tests ({@link #locate} is safe anywhere).
 */
public final class ToolRequirement {
    private static final String POSTGRESQL = "postgresql";
    /** The Debian package that installs each tool. */
    private static final Map<String, String> PACKAGES = Map.of(
            "docker-registry", "docker-registry",
            "skopeo", "skopeo",
            "chromium", "chromium",
            "chromedriver", "chromium-driver",
            "initdb", POSTGRESQL,
            "pg_ctl", POSTGRESQL,
            "postgres", POSTGRESQL,
            "psql", POSTGRESQL);
    /**
     * Debian's PostgreSQL packages keep the server programs off PATH, in one {@code VERSION/bin} directory per
     * installed major version under here.
     */
    static final Path POSTGRESQL_VERSIONS = Path.of("/usr/lib/postgresql");

    private ToolRequirement() {
    }

    /**
     * Skips the calling test when {@code tool} is not installed (not on PATH, or for PostgreSQL's programs not
     * under {@code /usr/lib/postgresql/VERSION/bin} either), fails when CI=true.
     */
    public static Path assumeInstalled(String tool) {
        return assumeInstalled(tool, System.getenv(), POSTGRESQL_VERSIONS);
    }

    static Path assumeInstalled(String tool, Map<String, String> environment, Path postgresqlVersions) {
        String path = environment.getOrDefault("PATH", "");
        Optional<Path> found = locate(tool, path, postgresqlVersions);
        if (found.isPresent()) {
            return found.get();
        }
        String where = "not found on PATH=" + path;
        if (POSTGRESQL.equals(PACKAGES.get(tool))) {
            where += " nor in " + postgresqlVersions + "/*/bin";
        }
        String reason = "'" + tool + "' is not installed (" + where + "); install it with: apt-get install -y "
                + PACKAGES.getOrDefault(tool, tool);
        if ("true".equalsIgnoreCase(environment.getOrDefault("CI", "").strip())) {
            throw new IllegalStateException(reason + " (CI=true, so this fails instead of skipping)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable: Assumptions.abort always throws");
    }

    /**
     * The executable named {@code tool} on this process's PATH, or the path itself if {@code tool} is one; for
     * PostgreSQL's programs, else the one of the newest version under {@code /usr/lib/postgresql}.
     */
    public static Optional<Path> locate(String tool) {
        return locate(tool, Optional.ofNullable(System.getenv("PATH")).orElse(""), POSTGRESQL_VERSIONS);
    }

    static Optional<Path> locate(String tool, String pathVariable, Path postgresqlVersions) {
        if (tool.contains("/")) {
            return Optional.of(Path.of(tool)).filter(ToolRequirement::isExecutableFile);
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        if (POSTGRESQL.equals(PACKAGES.get(tool))) {
            return newestPostgresqlBin(postgresqlVersions).map(bin -> bin.resolve(tool)).filter(ToolRequirement::isExecutableFile);
        }
        return Optional.empty();
    }

    private static Optional<Path> newestPostgresqlBin(Path versions) {
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(versions)) {
            return entries.filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                    .filter(dir -> Files.isDirectory(dir.resolve("bin")))
                    .max(Comparator.comparing(dir -> dir.getFileName().toString(), ToolRequirement::compareVersions))
                    .map(dir -> dir.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + versions, e);
        }
    }

    /** Numerically, part by part: 9.6 &lt; 10 &lt; 15. */
    private static int compareVersions(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? Integer.parseInt(a[i]) : 0;
            int y = i < b.length ? Integer.parseInt(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static boolean isExecutableFile(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }
}
