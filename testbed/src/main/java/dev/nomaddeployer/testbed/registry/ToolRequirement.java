package dev.nomaddeployer.testbed.registry;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards tests that need an external program. On a laptop without it the test is skipped with the reason;
 * under {@code CI=true} it fails instead, because a CI run that silently skips the real-registry tests
 * would report green without having tested anything that matters.
 *
 * <p>Uses JUnit's {@link Assumptions}; testbed depends on junit-jupiter-api with scope {@code provided},
 * so call this only from tests.
 */
public final class ToolRequirement {
    private static final Map<String, String> PACKAGES = Map.of(
            "docker-registry", "docker-registry",
            "skopeo", "skopeo");

    private ToolRequirement() {
    }

    /** Skips the calling test when {@code tool} is not on PATH (or not executable), fails when CI=true. */
    public static Path assumeInstalled(String tool) {
        return assumeInstalled(tool, System.getenv());
    }

    static Path assumeInstalled(String tool, Map<String, String> environment) {
        Optional<Path> found = locate(tool, environment.getOrDefault("PATH", ""));
        if (found.isPresent()) {
            return found.get();
        }
        String reason = "'" + tool + "' is not installed (not found on PATH=" + environment.getOrDefault("PATH", "")
                + "); install it with: apt-get install -y " + PACKAGES.getOrDefault(tool, tool);
        if ("true".equalsIgnoreCase(environment.getOrDefault("CI", "").strip())) {
            throw new IllegalStateException(reason + " (CI=true, so this fails instead of skipping)");
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable: Assumptions.abort always throws");
    }

    /** The executable named {@code tool} on this process's PATH, or the path itself if {@code tool} is one. */
    public static Optional<Path> locate(String tool) {
        return locate(tool, Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    static Optional<Path> locate(String tool, String pathVariable) {
        if (tool.contains("/")) {
            return Optional.of(Path.of(tool)).filter(Files::isExecutable);
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
