package dev.nomaddeployer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.Notifications;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitLabEventsTest {
    private static final String LEDGER_DIGEST = "sha256:5e7d3c1b9a8f6e4d2c0b1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d";

    private final GitLabEvents gitlab = new GitLabEvents();

    @Test
    void taggedManifestPushIsAPushWithEveryFieldMarkedAsGitLabs() {
        NotificationBatch batch = gitlab.read(fixture("push").request());

        assertThat(batch).isEqualTo(new NotificationBatch.Accepted(List.of(new PushEvent(
                "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b", Instant.parse("2026-11-30T17:42:05.318274Z"),
                "registry.gitlab.example:5050", "platform/payments/ledger", "3.8.2", LEDGER_DIGEST,
                "application/vnd.oci.image.manifest.v1+json", "gitlab-ci-token", "gitlab")), List.of()));
    }

    @Test
    void redeliveryOfTheEnvelopeIsTheSameEventId() {
        WebhookFixture push = fixture("push");

        assertThat(only(gitlab.read(push.request())).eventId()).isEqualTo(only(gitlab.read(push.request())).eventId());
    }

    @Test
    void theDistributionEndpointStillReportsItsOwnSource() {
        assertThat(only(Notifications.parse(fixture("push").body())).source()).isEqualTo(PushEvent.DISTRIBUTION);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            push-blob     | blob push
            push-untagged | untagged manifest push
            pull          | pull
            mount         | mount
            delete        | delete
            rename        | unknown action rename
            """)
    void eventsThatCannotChangeAnImageAreAnsweredAndIgnored(String event, String reason) {
        assertThat(gitlab.read(fixture(event).request())).isEqualTo(new NotificationBatch.Accepted(List.of(),
                List.of(reason)));
    }

    @Test
    void bodyWithoutTheEnvelopeIsMalformed() {
        assertThat(GitHubEventsTest.malformed(gitlab.read(fixture("push").request(
                "{\"object_kind\": \"push\"}".getBytes(StandardCharsets.UTF_8))))).contains("\"events\"");
    }

    @Test
    void eventWithoutARepositoryIsMalformedNamingTheEvent() {
        String body = fixture("push").text().replace("\"repository\": \"platform/payments/ledger\",", "");

        assertThat(GitHubEventsTest.malformed(gitlab.read(fixture("push").request(
                body.getBytes(StandardCharsets.UTF_8))))).isEqualTo("event 1: missing target.repository");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Authorization  | Bearer s3cret
            Authorization  | s3cret
            X-Gitlab-Token | s3cret
            """)
    void theSecretInAnyHeaderTheRegistryCanBeToldToSendIsAProof(String header, String value) {
        assertThat(SenderCheck.check(gitlab.proofs(), fixture("push").request(header, value), "s3cret"))
                .isInstanceOf(Verification.Verified.class);
        assertThat(SenderCheck.check(gitlab.proofs(), fixture("push").request(header, value.replace("s3cret", "guess")),
                "s3cret")).isInstanceOf(Verification.Refused.class);
    }

    private static PushEvent only(NotificationBatch batch) {
        assertThat(batch).isInstanceOf(NotificationBatch.Accepted.class);
        assertThat(((NotificationBatch.Accepted) batch).pushes()).hasSize(1);
        return ((NotificationBatch.Accepted) batch).pushes().get(0);
    }

    private static WebhookFixture fixture(String event) {
        return WebhookFixture.load("gitlab", event);
    }
}
