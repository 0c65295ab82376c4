package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.PlacementRule;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes through a real registry to the simulator with {@code deploy.preflight = plan} and {@code deploy.dry_run}:
 * a plan whose placements fail keeps the job as it is and says why in Nomad's terms, and a dry run writes nothing.
 */
@Timeout(180)
class PreflightAndDryRunTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    NomadSim nomad;
    DeployerFixture fixture;
    HistoryApi api;

    void start(List<String> flags) throws Exception {
        nomad = NomadSim.builder().build().start();
        fixture = DeployerFixture.start(dir, nomad, flags);
        api = new HistoryApi(fixture.app.address().getPort());
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));
        nomad.awaitIdle(WAIT);
        nomad.resetRecords();
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    private Optional<JsonNode> decision(String tag, String status) {
        return api.forJob("web").stream().filter(d -> d.path("tag").asText().equals(tag)
                && d.path("status").asText().equals(status)).findFirst();
    }

    private JsonNode awaitDecision(String tag, String status) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> decision(tag, status).orElse(null), d -> d != null);
    }

    private String meta() {
        return nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText(null);
    }

    private long registrations() {
        return nomad.registrations().stream().map(Registration::jobId).filter("web"::equals).count();
    }

    @Test
    void aPlanWhosePlacementWouldFailRefusesTheRegisterWithNomadsReasonAndALaterPushRegistersOnceItFits()
            throws Exception {
        start(List.of("--deploy.preflight=plan"));
        nomad.placementRule(PlacementRule.failGroup("web", "web", PlacementRule.PlacementFailure.exhausted(3, "memory")));

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "first");

        JsonNode refused = awaitDecision("1.6.0", "refused");
        assertThat(refused.path("message").asText()).isEqualTo("placement would fail: group web: 1 allocation not"
                + " placed: resources exhausted on 3 nodes, dimension \"memory\" exhausted on 3 nodes");
        assertThat(refused.path("old_value").asText()).isEqualTo("1.5.0");
        assertThat(refused.path("new_value").asText()).isEqualTo("1.6.0");
        fixture.awaitIdle();
        assertThat(registrations()).isZero();
        assertThat(meta()).isEqualTo("1.5.0");
        assertThat(nomad.versions("default", "web")).hasSize(1);
        assertThat(nomad.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/v1/job/web/plan"));

        nomad.placementRule(PlacementRule.fitsAll());
        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "second");

        JsonNode registered = awaitDecision("1.6.0", "registered");
        assertThat(registered.path("job_version").asLong()).isEqualTo(1);
        assertThat(meta()).isEqualTo("1.6.0");
        assertThat(registrations()).isEqualTo(1);
    }

    @Test
    void aPlanNomadCannotAnswerNowIsTriedAgainLikeARegisterAndThenRegisters() throws Exception {
        start(List.of("--deploy.preflight=plan"));
        nomad.faults().failNextTo("/v1/job/web/plan", 2, 500, "No cluster leader");

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "first");

        awaitDecision("1.6.0", "registered");
        assertThat(api.forJob("web")).extracting(d -> d.path("status").asText()).containsExactly("registered");
        assertThat(nomad.requests().stream().filter(r -> r.path().equals("/v1/job/web/plan")).count()).isEqualTo(3);
        assertThat(meta()).isEqualTo("1.6.0");
    }

    @Test
    void aDryRunRegistersNothingAndRecordsWhatItWouldHaveChangedAndALaterRealRunRegisters() throws Exception {
        start(List.of("--deploy.dry_run=true"));

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "first");

        JsonNode wouldRegister = awaitDecision("1.6.0", "would_register");
        assertThat(wouldRegister.path("message").asText()).isEqualTo("dry run, not registered; placement ok; plan:"
                + " job: Meta[VERSION] 1.5.0 -> 1.6.0; updates: group web: create/destroy update 1, ignore 1");
        assertThat(wouldRegister.path("old_value").asText()).isEqualTo("1.5.0");
        assertThat(wouldRegister.path("new_value").asText()).isEqualTo("1.6.0");
        assertThat(wouldRegister.path("rollout").isMissingNode() || wouldRegister.path("rollout").isNull()).isTrue();
        fixture.awaitIdle();
        assertThat(registrations()).isZero();
        assertThat(nomad.versions("default", "web")).hasSize(1);
        assertThat(meta()).isEqualTo("1.5.0");

        fixture.restartApp(dir, List.of());
        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "second");

        awaitDecision("1.6.0", "registered");
        assertThat(meta()).isEqualTo("1.6.0");
        assertThat(registrations()).isEqualTo(1);
    }
}
