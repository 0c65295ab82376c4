package dev.nomaddeployer.testbed.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.testbed.ToolRequirement;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistryHarnessTest {
    @TempDir
    Path dir;

    @BeforeEach
    void requireRegistry() {
        ToolRequirement.assumeInstalled("docker-registry");
    }

    @Test
    void startedRegistryAnswersTheApiOnLoopback() throws Exception {
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(registry.baseUri() + "/v2/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(registry.hostPort()).startsWith("127.0.0.1:");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Docker-Distribution-Api-Version")).contains("registry/2.0");
        }
    }

    @Test
    void closeStopsTheRegistryAndRemovesItsStorageButKeepsTheLog() throws IOException {
        Path log = dir.resolve("registry.log");
        RegistryHarness registry = RegistryHarness.builder().logFile(log).start();
        new ImagePusher(registry.client()).push("team/app", "1.0.0", ManifestFormat.OCI, "stored");
        Path storage = registry.workDirectory();
        assertThat(storage).isDirectory();

        registry.close();

        assertThat(registry.isRunning()).isFalse();
        assertThat(storage).doesNotExist();
        assertThat(Files.readString(log)).contains("PUT /v2/team/app/manifests/1.0.0");
    }

    @Test
    void twoRegistriesRunSideBySideOnDifferentPorts() {
        try (RegistryHarness one = RegistryHarness.builder().start(); RegistryHarness two = RegistryHarness.builder().start()) {
            new ImagePusher(one.client()).push("team/app", "1.0.0", ManifestFormat.OCI, "only-in-one");

            assertThat(one.hostPort()).isNotEqualTo(two.hostPort());
            assertThat(two.client().tags("team/app")).isEmpty();
        }
    }

    @Test
    void registryThatCannotStartReportsItsExitAndLog() throws IOException {
        Path fake = dir.resolve("fake-registry");
        Files.writeString(fake, "#!/bin/sh\necho 'configuration error: no such thing' >&2\nexit 3\n");
        fake.toFile().setExecutable(true);

        assertThatThrownBy(() -> RegistryHarness.builder().executable(fake).logFile(dir.resolve("fake.log")).start())
                .isInstanceOf(RegistryStartException.class)
                .hasMessageContaining("exited with 3")
                .hasMessageContaining("configuration error: no such thing");
    }
}
