package dev.nomaddeployer.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class ToolRequirementTest {
    @TempDir
    Path bin;

    @Test
    void missingToolSkipsTheTestOnALaptop() {
        assertThatThrownBy(() -> ToolRequirement.assumeInstalled("docker-registry", Map.of("PATH", bin.toString()), bin))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("'docker-registry' is not installed")
                .hasMessageContaining("apt-get install -y docker-registry");
    }

    @Test
    void missingToolFailsUnderCi() {
        assertThatThrownBy(() -> ToolRequirement.assumeInstalled("skopeo", Map.of("PATH", bin.toString(), "CI", "true"), bin))
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("'skopeo' is not installed")
                .hasMessageContaining("CI=true");
    }

    @Test
    void missingChromedriverNamesDebiansDriverPackage() {
        assertThatThrownBy(() -> ToolRequirement.assumeInstalled("chromedriver", Map.of("PATH", bin.toString()), bin))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("'chromedriver' is not installed")
                .hasMessageContaining("apt-get install -y chromium-driver");
    }

    @Test
    void installedToolIsFoundOnPath() throws IOException {
        Path tool = Files.createFile(bin.resolve("skopeo"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(ToolRequirement.assumeInstalled("skopeo", Map.of("PATH", "/nonexistent:" + bin, "CI", "true"), bin)).isEqualTo(tool);
    }

    @Test
    void fileThatIsNotExecutableDoesNotCount() throws IOException {
        Files.createFile(bin.resolve("skopeo"));

        assertThat(ToolRequirement.locate("skopeo", bin.toString(), bin)).isEmpty();
    }

    @Test
    void postgresqlProgramsAreFoundUnderTheNewestVersionWhenNotOnPath() throws IOException {
        Path versions = bin.resolve("usr-lib-postgresql");
        for (String version : List.of("9.6", "13", "15")) {
            executable(versions.resolve(version).resolve("bin").resolve("initdb"));
        }

        assertThat(ToolRequirement.assumeInstalled("initdb", Map.of("PATH", bin.toString(), "CI", "true"), versions))
                .isEqualTo(versions.resolve("15/bin/initdb"));
    }

    @Test
    void postgresqlOnPathIsPreferred() throws IOException {
        Path versions = bin.resolve("usr-lib-postgresql");
        executable(versions.resolve("15/bin/initdb"));
        Path onPath = executable(bin.resolve("initdb"));

        assertThat(ToolRequirement.locate("initdb", bin.toString(), versions)).contains(onPath);
    }

    @Test
    void missingPostgresqlNamesThePackageAndWhereItLooked() {
        assertThatThrownBy(() -> ToolRequirement.assumeInstalled("initdb", Map.of("PATH", bin.toString()), bin.resolve("none")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("'initdb' is not installed")
                .hasMessageContaining(bin.resolve("none") + "/*/bin")
                .hasMessageContaining("apt-get install -y postgresql");
    }

    @Test
    void otherToolsAreNotLookedForUnderPostgresql() throws IOException {
        Path versions = bin.resolve("usr-lib-postgresql");
        executable(versions.resolve("15/bin/skopeo"));

        assertThat(ToolRequirement.locate("skopeo", bin.toString(), versions)).isEmpty();
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
