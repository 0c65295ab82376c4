package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.App;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.NomadVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nomad 2.0 answers an unchanged register with the job's ModifyIndex and applies PreserveCounts after the
 * spec comparison; the deployer must behave the same against it.
 */
@Timeout(60)
class Nomad20CompatibilityTest {
    private static final String REGISTRY = "registry.test:5000";

    @TempDir
    Path dir;
    NomadSim nomad = NomadSim.builder().nomadVersion(NomadVersion.V2_0).build().start();
    App app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        nomad.close();
    }

    private String version() {
        return nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText();
    }

    @Test
    void pushRedeploysOnceAndAConcurrentEditSurvivesOnNomad20() throws Exception {
        nomad.registerJob(DeployerFixture.webRunning(REGISTRY + "/team/web"));
        app = DeployerFixture.startApp(dir, nomad.baseUrl(), List.of());
        Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
        nomad.faults().onNextRegisterOf("default", "web", edit -> edit.put("Priority", 65));

        notifier.send("e1", Instant.now(), "team/web", "1.6.0");
        await().atMost(Duration.ofSeconds(20)).until(() -> version().equals("1.6.0"));
        await().atMost(Duration.ofSeconds(20)).until(app::idle);
        long jobVersion = nomad.job("default", "web").orElseThrow().path("Version").asLong();

        notifier.send("e2", Instant.now(), "team/web", "1.6.0");
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(20)).until(app::idle);

        assertThat(nomad.job("default", "web").orElseThrow().path("Priority").asInt()).isEqualTo(65);
        assertThat(nomad.job("default", "web").orElseThrow().path("Version").asLong()).isEqualTo(jobVersion);
        assertThat(nomad.registrations()).filteredOn(r -> r.jobId().equals("web"))
                .extracting(r -> r.meta().path("VERSION").asText()).containsExactly("1.6.0");
    }
}
