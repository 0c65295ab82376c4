package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.Registration;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy windows, per-job cooldowns and the operator's retry, with a real registry's pushes and notifications.
 * The window test holds the service's clock just before a window opens (windows are whole minutes) until the pushes
 * are in, then lets it run; Nomad and the registry keep the real time.
 */
@Timeout(150)
class WindowsCooldownAndRetryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long before the window opens the service's clock stands still while the test pushes. */
    private static final Duration BEFORE_OPENING = Duration.ofSeconds(3);
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;
    NomadSim nomad;
    DeployerFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    private List<Registration> registrationsOf(String job) {
        return nomad.registrations().stream().filter(r -> r.jobId().equals(job)).toList();
    }

    private String version(String job) {
        return nomad.job("default", job).orElseThrow().path("Meta").path("VERSION").asText();
    }

    private HistoryApi api() {
        return new HistoryApi(fixture.app.address().getPort());
    }

    /** The window {@code DAY HH:MM-HH:MM} in {@link #ZONE} that opens at {@code opening} and lasts half an hour. */
    private static String windowOpeningAt(Instant opening) {
        ZonedDateTime local = opening.atZone(ZONE);
        DateTimeFormatter hours = DateTimeFormatter.ofPattern("HH:mm");
        return local.getDayOfWeek().toString().substring(0, 3).toLowerCase(Locale.ROOT) + " " + local.format(hours)
                + "-" + local.plusMinutes(30).format(hours);
    }

    @Test
    void pushesMadeWhileTheWindowIsClosedWaitAndOnlyTheNewestIsRegisteredWhenItOpens() throws Exception {
        nomad = NomadSim.builder().build().start();
        Instant opening = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
        // The service's time stands still just before the window while the pushes arrive, then runs on into it.
        HeldClock clock = new HeldClock(opening.minus(BEFORE_OPENING));
        fixture = DeployerFixture.start(dir, nomad, List.of("--deploy.windows=" + windowOpeningAt(opening),
                "--deploy.windows_zone=" + ZONE.getId()), Duration.ofSeconds(2), clock);
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "first");
        fixture.pusher.push("team/app", "1.7.0", ManifestFormat.OCI, "second");

        JsonNode superseded = await().atMost(WAIT).until(() -> api().forJob("web"), h -> !h.isEmpty()).get(0);
        assertThat(superseded.path("status").asText()).isEqualTo("superseded");
        assertThat(superseded.path("tag").asText()).isEqualTo("1.6.0");
        assertThat(superseded.path("message").asText())
                .isEqualTo("replaced by the newer push of tag 1.7.0 before it was applied");
        assertThat(registrationsOf("web")).as("nothing is registered while the window is closed").isEmpty();
        JsonNode page = api().get("/api/v1/deployments?job=web");
        assertThat(page.path("window").path("open").asBoolean()).isFalse();
        assertThat(page.path("window").path("next_opening").asText()).isEqualTo(opening.toString());
        assertThat(page.path("pending")).singleElement().satisfies(waiting -> {
            assertThat(waiting.path("tag").asText()).isEqualTo("1.7.0");
            assertThat(waiting.path("waiting_for").asText()).isEqualTo("window");
        });
        assertThat(metrics()).contains("nomad_deployer_deploy_window_open 0.0")
                .contains("nomad_deployer_targets_open 1.0");

        Instant released = Instant.now();
        clock.release();

        await().atMost(WAIT).untilAsserted(() -> assertThat(version("web")).isEqualTo("1.7.0"));
        fixture.awaitIdle();
        assertThat(registrationsOf("web")).singleElement().satisfies(register ->
                assertThat(register.time()).as("registered once the window opened")
                        .isAfterOrEqualTo(released.plus(BEFORE_OPENING)));
        assertThat(metrics()).contains("nomad_deployer_deploy_window_open 1.0");
        assertThat(api().get("/api/v1/deployments?job=web").path("pending")).isEmpty();
    }

    @Test
    void aJobWithACooldownTakesAPushOnlyOnceItHasAgedAndANewerPushMeanwhileReplacesIt() throws Exception {
        nomad = NomadSim.builder().build().start();
        fixture = DeployerFixture.start(dir, nomad, List.of());
        ObjectNode web = fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION");
        JobFixtures.meta(web).put("nomad-deployer.cooldown", "5s");
        nomad.registerJob(web);
        ObjectNode api = fixture.jobRunning(JobFixtures.web(), "api", "team/app", "VERSION");
        JobFixtures.meta(api).put("nomad-deployer.cooldown", "soon");
        nomad.registerJob(api);
        ObjectNode plain = fixture.jobRunning(JobFixtures.web(), "plain", "team/app", "VERSION");
        nomad.registerJob(plain);

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "first");
        Instant beforeNewer = Instant.now();
        fixture.pusher.push("team/app", "1.7.0", ManifestFormat.OCI, "second");

        await().atMost(WAIT).untilAsserted(() -> assertThat(version("web")).isEqualTo("1.7.0"));
        fixture.awaitIdle();
        assertThat(registrationsOf("web")).singleElement().satisfies(register ->
                assertThat(register.time()).as("not before the newer push was 5s old")
                        .isAfterOrEqualTo(beforeNewer.plusSeconds(5)));
        assertThat(api().forJob("web")).extracting(e -> e.path("tag").asText() + " " + e.path("status").asText())
                .containsExactly("1.7.0 registered", "1.6.0 superseded");
        assertThat(registrationsOf("plain")).as("a job without a cooldown takes each push at once").hasSize(2);
        assertThat(registrationsOf("api")).isEmpty();
        assertThat(api().forJob("api")).extracting(e -> e.path("status").asText()).containsOnly("skipped");
        assertThat(api().forJob("api").get(0).path("message").asText())
                .startsWith("nomad-deployer.cooldown \"soon\" of task web/web is not a cooldown")
                .endsWith("the job is left alone");
    }

    @Test
    void aFailedPushIsRegisteredWhenRetriedOnceTheCauseIsFixedAndThenThereIsNothingToRetry() throws Exception {
        String token = "7d1e-deployer-token";
        nomad = NomadSim.builder().managementToken("management-secret").build().start();
        nomad.acl().addToken(token, "deployer", Map.of("default", Set.of(Acl.LIST_JOBS, Acl.READ_JOB)));
        fixture = DeployerFixture.start(dir, nomad, List.of("--nomad.token=" + token));
        nomad.registerJob(fixture.jobRunning(JobFixtures.web(), "web", "team/app", "VERSION"));

        fixture.pusher.push("team/app", "1.6.0", ManifestFormat.OCI, "first");
        await().atMost(WAIT).until(() -> api().forJob("web"), h -> !h.isEmpty()
                && h.get(0).path("status").asText().equals("failed"));
        nomad.acl().addToken(token, "deployer", Map.of("default", Set.of(Acl.LIST_JOBS, Acl.READ_JOB, Acl.SUBMIT_JOB)));

        JsonNode retried = api().post("/api/v1/jobs/default/web/retry");

        assertThat(retried.path("retried")).singleElement().satisfies(push -> {
            assertThat(push.path("repository").asText()).isEqualTo("team/app");
            assertThat(push.path("tag").asText()).isEqualTo("1.6.0");
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(version("web")).isEqualTo("1.6.0"));
        fixture.awaitIdle();
        assertThat(api().forJob("web")).extracting(e -> e.path("status").asText())
                .containsExactly("registered", "retried", "failed");
        assertThat(api().forJob("web").get(1).path("message").asText())
                .startsWith("put back for another try by api (127.0.0.1) after: ");
        HttpResponse<String> again = post("/api/v1/jobs/default/web/retry");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).isEqualTo("nothing to retry for default/web: the newest push, tag 1.6.0 of team/app,"
                + " ended registered\n");
        assertThat(registrationsOf("web")).hasSize(1);
    }

    private String metrics() {
        return send(HttpRequest.newBuilder(uri("/metrics")).GET()).body();
    }

    private HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fixture.app.address().getPort() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
