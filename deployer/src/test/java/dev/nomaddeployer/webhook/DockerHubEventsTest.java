package dev.nomaddeployer.webhook;

import static dev.nomaddeployer.discovery.JobFixtures.meta;
import static dev.nomaddeployer.discovery.JobFixtures.setImage;
import static dev.nomaddeployer.discovery.JobFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Plan;
import dev.nomaddeployer.deploy.Planner;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerHubEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerHubEvents hub = new DockerHubEvents();

    @Test
    void pushIsAPushOnDockerHubWithoutADigest() {
        WebhookFixture push = fixture("push");

        assertThat(hub.read(push.request())).isEqualTo(new NotificationBatch.Accepted(List.of(new PushEvent(
                EventIds.ofBody("dockerhub", push.body(), 0), Instant.ofEpochSecond(1764524400L), "docker.io",
                "team/app", "1.4.0", null, null, "team-ci", "dockerhub")), List.of()));
    }

    @Test
    void redeliveryOfTheSameBodyIsTheSameEventAndAnotherPushIsAnother() throws IOException {
        WebhookFixture push = fixture("push");
        ObjectNode later = body("push");
        ((ObjectNode) later.path("push_data")).put("pushed_at", 1764524999L);

        String first = only(hub.read(push.request())).eventId();

        assertThat(only(hub.read(push.request())).eventId()).isEqualTo(first);
        assertThat(only(hub.read(push.request(bytes(later)))).eventId()).isNotEqualTo(first);
    }

    @Test
    void officialImageIsInLibraryAndATimeWithAFractionIsRead() {
        assertThat(only(hub.read(fixture("push-official").request()))).satisfies(push -> {
            assertThat(push.repository()).isEqualTo("library/nginx");
            assertThat(push.tag()).isEqualTo("1.27.3-alpine");
            assertThat(push.timestamp()).isEqualTo(Instant.ofEpochSecond(1764525600L));
        });
    }

    @Test
    void repositoryWithoutANamespaceIsAnOfficialImage() throws IOException {
        ObjectNode body = body("push");
        ((ObjectNode) body.path("repository")).put("repo_name", "redis");

        assertThat(only(hub.read(fixture("push").request(bytes(body)))).repository()).isEqualTo("library/redis");
    }

    @Test
    void pushWithoutATagIsAnsweredAndIgnored() {
        assertThat(hub.read(fixture("push-untagged").request())).isEqualTo(new NotificationBatch.Accepted(List.of(),
                List.of("push of team/app without a tag")));
    }

    @Test
    void bodyWithoutPushDataIsMalformed() {
        assertThat(GitHubEventsTest.malformed(hub.read(fixture("push").request(
                "{\"repository\": {\"repo_name\": \"team/app\"}}".getBytes(StandardCharsets.UTF_8)))))
                .contains("push_data");
    }

    @Test
    void pushWithoutARepositoryNameIsMalformedNamingTheField() throws IOException {
        ObjectNode body = body("push");
        ((ObjectNode) body.path("repository")).remove("repo_name");

        assertThat(GitHubEventsTest.malformed(hub.read(fixture("push").request(bytes(body)))))
                .isEqualTo("missing repository.repo_name");
    }

    @Test
    void pushTimeThatIsNoNumberIsMalformedNamingTheField() throws IOException {
        ObjectNode body = body("push");
        ((ObjectNode) body.path("push_data")).put("pushed_at", "today");

        assertThat(GitHubEventsTest.malformed(hub.read(fixture("push").request(bytes(body)))))
                .contains("push_data.pushed_at");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"team/app:${NOMAD_META_VERSION}", "docker.io/team/app:${NOMAD_META_VERSION}",
            "index.docker.io/team/app:${NOMAD_META_VERSION}", "registry-1.docker.io/team/app:${NOMAD_META_VERSION}"})
    void pushRedeploysAJobThatWritesTheImageOnDockerHubAnyWay(String image) {
        ObjectNode job = JobFixtures.web();
        setImage(task(job, 0, 0), image);
        meta(job).put("VERSION", "1.3.0");
        PushEvent push = only(hub.read(fixture("push").request()));

        Plan plan = new Planner(new RegistryHosts(List.of())).plan(job, push);

        assertThat(plan).isInstanceOfSatisfying(Plan.Update.class,
                update -> assertThat(update.job().path("Meta").path("VERSION").asText()).isEqualTo("1.4.0"));
    }

    @Test
    void digestOfAPushIsLookedUpAtTheRegistriesEntryOfDockerHub() {
        Registries registries = new Registries(List.of(new RegistryEndpoint(URI.create("https://registry-1.docker.io"),
                Optional.empty(), Optional.empty())), new RegistryHosts(List.of()), Duration.ofSeconds(5),
                Clock.systemUTC());

        assertThat(registries.readerFor(only(hub.read(fixture("push").request())).registryHost())).isPresent();
    }

    @Test
    void callbackTellsDockerHubTheDeliveryWasTakenAtTheUrlItGave() throws IOException {
        Optional<SenderCallback> callback = hub.callback(fixture("push").request());

        assertThat(callback).hasValueSatisfying(call -> {
            assertThat(call.url()).isEqualTo(URI.create(
                    "https://registry.hub.docker.example/u/team/app/hook/2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e1b/"));
            JsonNode answer = read(call.body());
            assertThat(answer.path("state").asText()).isEqualTo("success");
            assertThat(answer.path("context").asText()).isEqualTo("nomad-deployer");
            assertThat(answer.path("description").asText()).contains("team/app:1.4.0").hasSizeLessThanOrEqualTo(255);
        });
    }

    @Test
    void ignoredPushIsConfirmedAllTheSameSoDockerHubDoesNotWait() {
        assertThat(hub.callback(fixture("push-untagged").request())).hasValueSatisfying(call ->
                assertThat(read(call.body()).path("state").asText()).isEqualTo("success"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "not a url", "/relative/hook"})
    void noCallbackWithoutAUsableUrl(String url) throws IOException {
        ObjectNode body = body("push");
        body.put("callback_url", url);

        assertThat(hub.callback(fixture("push").request(bytes(body)))).isEmpty();
    }

    @Test
    void noCallbackForAMalformedDelivery() {
        assertThat(hub.callback(fixture("push").request("[]".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }

    private static PushEvent only(NotificationBatch batch) {
        assertThat(batch).isInstanceOf(NotificationBatch.Accepted.class);
        assertThat(((NotificationBatch.Accepted) batch).pushes()).hasSize(1);
        return ((NotificationBatch.Accepted) batch).pushes().get(0);
    }

    private static WebhookFixture fixture(String event) {
        return WebhookFixture.load("dockerhub", event);
    }

    private static ObjectNode body(String event) throws IOException {
        return (ObjectNode) JSON.readTree(fixture(event).body());
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("callback body is not JSON: " + text, e);
        }
    }

    private static byte[] bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
