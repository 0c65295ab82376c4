package dev.nomaddeployer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Anyone who can reach an open callback can send an event with any timestamp. Such an event may deploy its
 * own tag, but it must never freeze the job: every real push that arrives after it is still applied, also
 * after a restart.
 */
@Timeout(60)
class ForgedTimestampTest {
    @TempDir
    Path dir;
    NomadSim nomad;
    RunningDeployer service;

    @BeforeEach
    void startNomad() {
        nomad = NomadSim.builder().build().start();
        nomad.registerJob(JobFixtures.web());
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        nomad.close();
    }

    private String version() {
        return nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText();
    }

    private void pushAndAwait(String tag) {
        assertThat(service.push("team/web", tag)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(version()).isEqualTo(tag));
        service.awaitIdle();
    }

    @ParameterizedTest(name = "event dated {0}")
    @ValueSource(strings = {"2200-01-01T00:00:00Z", "1600-01-01T00:00:00Z", "+99999-01-01T00:00:00Z",
            "2026-11-30T23:49:59Z"})
    void pushWithATimestampFarFromItsReceiptNeverOutranksPushesThatArriveAfterIt(String forged) throws Exception {
        service = RunningDeployer.start(dir, nomad.baseUrl(), List.of());
        assertThat(service.push("team/web", "6.6.6", Instant.parse(forged))).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(version()).isEqualTo("6.6.6"));
        service.awaitIdle();

        pushAndAwait("1.6.0");
        assertThat(service.history("web")).first().satisfies(latest -> assertStatus(latest, "registered", "1.6.0"));

        service.close();
        service = RunningDeployer.start(dir, nomad.baseUrl(), List.of());
        pushAndAwait("1.7.0");
        assertThat(service.history("web")).first().satisfies(latest -> assertStatus(latest, "registered", "1.7.0"));
    }

    @ParameterizedTest(name = "event dated {0}")
    @ValueSource(strings = {"2200-01-01T00:00:00Z", "1600-01-01T00:00:00Z"})
    void pushWithAnImplausibleTimestampLosesToARealPushReceivedShortlyBeforeIt(String forged) throws Exception {
        service = RunningDeployer.start(dir, nomad.baseUrl(), List.of());
        pushAndAwait("1.6.0");

        assertThat(service.push("team/web", "6.6.6", Instant.parse(forged))).isEqualTo(200);
        service.awaitIdle();

        assertThat(version()).isEqualTo("1.6.0");
        assertThat(service.history("web")).first().satisfies(latest -> {
            assertStatus(latest, "superseded", "6.6.6");
            assertThat(latest.path("message").asText()).contains("before the push of tag 1.6.0");
        });
        pushAndAwait("1.7.0");
    }

    private static void assertStatus(JsonNode entry, String status, String tag) {
        assertThat(entry.path("status").asText()).isEqualTo(status);
        assertThat(entry.path("tag").asText()).isEqualTo(tag);
    }
}
