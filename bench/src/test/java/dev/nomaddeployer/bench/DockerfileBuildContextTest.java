package dev.nomaddeployer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Dockerfile's build stage sees only the files it copies; no Docker engine runs here, so
 * {@code .ci/docker-build-context-check} lays out exactly those files and runs the stage's build there. It runs
 * in this module's tests because the reactor builds bench last: by then {@code mvn verify} has fetched every
 * plugin and dependency that offline build needs.
 */
class DockerfileBuildContextTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void imageBuildStageBuildsTheServiceFromExactlyTheFilesItCopies() throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path script = root.resolve(".ci/docker-build-context-check");
        assertThat(script).as("the check script").isRegularFile();
        Path output = Files.createTempFile("docker-build-context", ".log");
        try {
            Process check = new ProcessBuilder("bash", script.toString()).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean done = check.waitFor(9, TimeUnit.MINUTES);
            if (!done) {
                check.destroyForcibly();
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(done).as("the check finished:%n%s", log).isTrue();
            assertThat(check.exitValue()).as("the check passed:%n%s", log).isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
