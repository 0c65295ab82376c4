package dev.nomaddeployer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Plan;
import dev.nomaddeployer.deploy.Planner;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.registry.NotificationBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_DIGEST = "sha256:4b1c2f0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b";

    private final GitHubEvents github = new GitHubEvents();

    @Test
    void publishedContainerVersionIsAPushOfItsTagWithEveryField() {
        assertThat(pushes("package-published")).containsExactly(new PushEvent(
                "github-6f0e2a40-cf1b-11f1-8a4e-2d3c5e7f9a10-0", Instant.parse("2026-11-30T14:05:09Z"), "ghcr.io",
                "acme-corp/billing-api", "2.4.0", API_DIGEST, null, "release-bot", "github"));
    }

    @Test
    void registryPackageEventReadsTheSameFieldsUnderItsOwnKeyAndTakesTheDigestFromTheVersionName() {
        assertThat(pushes("registry_package-published")).containsExactly(new PushEvent(
                "github-7a51c0e2-cf1b-11f1-9d3e-6b2a4c8e0f21-0", Instant.parse("2026-11-30T15:20:00Z"), "ghcr.io",
                "acme-corp/billing-worker", "2.4.1",
                "sha256:9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9", null, "release-bot",
                "github"));
    }

    @Test
    void versionGivenAnotherTagIsAPushOfThatTag() {
        assertThat(pushes("package-updated")).singleElement().satisfies(push -> {
            assertThat(push.tag()).isEqualTo("stable");
            assertThat(push.digest()).isEqualTo(API_DIGEST);
            assertThat(push.actor()).isEqualTo("dana");
            assertThat(push.timestamp()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        });
    }

    @Test
    void ownerWrittenWithCapitalsIsTheLowerCaseNameGhcrServes() throws IOException {
        ObjectNode body = body("package-published");
        ((ObjectNode) body.path("package").path("owner")).put("login", "ACME-Corp");
        ((ObjectNode) body.path("package")).put("name", "Billing-API");

        assertThat(pushes(fixture("package-published").request(bytes(body))))
                .singleElement().extracting(PushEvent::repository).isEqualTo("acme-corp/billing-api");
    }

    @Test
    void pushRedeploysAJobRunningTheImageFromGhcr() {
        ObjectNode job = JobFixtures.web();
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), "ghcr.io/acme-corp/billing-api:${NOMAD_META_VERSION}");
        JobFixtures.meta(job).put("VERSION", "2.3.9");

        Plan plan = new Planner(new RegistryHosts(List.of())).plan(job, pushes("package-published").get(0));

        assertThat(plan).isInstanceOfSatisfying(Plan.Update.class,
                update -> assertThat(update.job().path("Meta").path("VERSION").asText()).isEqualTo("2.4.0"));
    }

    @Test
    void hostComesFromTheRegistryUrlWhenThePackageUrlHasNone() throws IOException {
        ObjectNode body = body("package-published");
        ((ObjectNode) body.path("package").path("package_version")).remove("package_url");
        ((ObjectNode) body.path("package").path("registry")).put("url", "https://containers.ghes.example/acme-corp");

        assertThat(pushes(fixture("package-published").request(bytes(body))))
                .singleElement().extracting(PushEvent::registryHost).isEqualTo("containers.ghes.example");
    }

    @Test
    void redeliveryKeepsTheDeliveryIdSoItIsTheSamePush() {
        WebhookFixture fixture = fixture("package-published");

        String first = only(github.read(fixture.request())).eventId();
        String again = only(github.read(fixture.request())).eventId();
        String other = only(github.read(fixture.request("X-GitHub-Delivery", "0d1e2f30-cf1c-11f1-8a4e-2d3c5e7f9a10")))
                .eventId();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void deliveryWithoutAnIdIsNamedByItsBody() {
        WebhookFixture fixture = fixture("package-published");
        Map<String, String> headers = Map.of("X-GitHub-Event", "package");
        WebhookRequest request = new WebhookRequest(fixture.body(), headers, Optional.empty(), WebhookFixture.RECEIVED);

        assertThat(only(github.read(request)).eventId())
                .isEqualTo(EventIds.ofBody("github", fixture.body(), 0))
                .isEqualTo(only(github.read(request)).eventId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ping                       | ping
            push                       | event push
            package-published-npm      | package of package type npm
            package-published-untagged | untagged container version
            """)
    void eventsThatCannotChangeAnImageAreAnsweredAndIgnored(String event, String reason) {
        NotificationBatch batch = github.read(fixture(event).request());

        assertThat(batch).isEqualTo(new NotificationBatch.Accepted(List.of(), List.of(reason)));
    }

    @Test
    void otherActionsOfAPackageAreIgnored() throws IOException {
        ObjectNode body = body("package-published");
        body.put("action", "deleted");

        assertThat(github.read(fixture("package-published").request(bytes(body))))
                .isEqualTo(new NotificationBatch.Accepted(List.of(), List.of("package deleted")));
    }

    @Test
    void deliveryWithoutTheEventHeaderIsMalformed() {
        WebhookRequest request = new WebhookRequest(fixture("package-published").body(), Map.of(), Optional.empty(),
                WebhookFixture.RECEIVED);

        assertThat(malformed(github.read(request))).contains("X-GitHub-Event");
    }

    @Test
    void bodyThatIsNotJsonIsMalformed() {
        assertThat(malformed(github.read(fixture("package-published").request("{\"action\":".getBytes(
                StandardCharsets.UTF_8))))).startsWith("body is not JSON");
    }

    @Test
    void packageEventWithoutThePackageIsMalformedNamingIt() {
        assertThat(malformed(github.read(fixture("package-published").request(
                "{\"action\": \"published\"}".getBytes(StandardCharsets.UTF_8))))).contains("\"package\"");
    }

    @Test
    void containerVersionWithoutOwnerIsMalformedNamingTheField() throws IOException {
        ObjectNode body = body("package-published");
        ((ObjectNode) body.path("package")).remove("owner");

        assertThat(malformed(github.read(fixture("package-published").request(bytes(body)))))
                .contains("package.owner.login");
    }

    @Test
    void unreadableUpdateTimeIsMalformedNamingTheField() throws IOException {
        ObjectNode body = body("package-published");
        ((ObjectNode) body.path("package")).put("updated_at", "yesterday");

        assertThat(malformed(github.read(fixture("package-published").request(bytes(body)))))
                .contains("package.updated_at");
    }

    @Test
    void signedWithTheSecretIsTheOnlyProof() {
        WebhookFixture fixture = fixture("package-published");
        String signature = "sha256=" + SenderCheck.hmacHex("s3cret", fixture.body());

        assertThat(SenderCheck.check(github.proofs(), fixture.request("X-Hub-Signature-256", signature), "s3cret"))
                .isInstanceOf(Verification.Verified.class);
        assertThat(SenderCheck.check(github.proofs(), fixture.request("X-Hub-Signature-256", signature), "other"))
                .isInstanceOf(Verification.Refused.class);
        assertThat(SenderCheck.check(github.proofs(), fixture.request(), "s3cret"))
                .isInstanceOf(Verification.Refused.class);
    }

    private List<PushEvent> pushes(String event) {
        return pushes(fixture(event).request());
    }

    private List<PushEvent> pushes(WebhookRequest request) {
        NotificationBatch batch = github.read(request);
        assertThat(batch).isInstanceOf(NotificationBatch.Accepted.class);
        NotificationBatch.Accepted accepted = (NotificationBatch.Accepted) batch;
        assertThat(accepted.ignored()).isEmpty();
        return accepted.pushes();
    }

    private static PushEvent only(NotificationBatch batch) {
        assertThat(batch).isInstanceOf(NotificationBatch.Accepted.class);
        assertThat(((NotificationBatch.Accepted) batch).pushes()).hasSize(1);
        return ((NotificationBatch.Accepted) batch).pushes().get(0);
    }

    static String malformed(NotificationBatch batch) {
        assertThat(batch).isInstanceOf(NotificationBatch.Malformed.class);
        return ((NotificationBatch.Malformed) batch).reason();
    }

    private static WebhookFixture fixture(String event) {
        return WebhookFixture.load("github", event);
    }

    private static ObjectNode body(String event) throws IOException {
        return (ObjectNode) JSON.readTree(fixture(event).body());
    }

    private static byte[] bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
