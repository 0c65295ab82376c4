package dev.nomaddeployer.testbed.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class ToolRequirementTest {
    @TempDir
    Path bin;

    @Test
    void missingToolSkipsTheTestOnALaptop() {
        assertThatThrownBy(() -> ToolRequirement.assumeInstalled("docker-registry", Map.of("PATH", bin.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("'docker-registry' is not installed")
                .hasMessageContaining("apt-get install -y docker-registry");
    }

    @Test
    void missingToolFailsUnderCi() {
        assertThatThrownBy(() -> ToolRequirement.assumeInstalled("skopeo", Map.of("PATH", bin.toString(), "CI", "true")))
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("'skopeo' is not installed")
                .hasMessageContaining("CI=true");
    }

    @Test
    void installedToolIsFoundOnPath() throws IOException {
        Path tool = Files.createFile(bin.resolve("skopeo"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(ToolRequirement.assumeInstalled("skopeo", Map.of("PATH", "/nonexistent:" + bin, "CI", "true"))).isEqualTo(tool);
    }

    @Test
    void fileThatIsNotExecutableDoesNotCount() throws IOException {
        Files.createFile(bin.resolve("skopeo"));

        assertThat(ToolRequirement.locate("skopeo", bin.toString())).isEmpty();
    }
}
