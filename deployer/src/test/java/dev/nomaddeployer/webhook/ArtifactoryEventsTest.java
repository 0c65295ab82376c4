package dev.nomaddeployer.webhook;

import static dev.nomaddeployer.webhook.QuayEventsTest.accepted;
import static dev.nomaddeployer.webhook.WebhookFixture.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArtifactoryEventsTest {
    private final ArtifactoryEvents artifactory = new ArtifactoryEvents();

    @Test
    void dockerPushIsAPushUnderTheRepositoryPathOfTheOriginWithTheManifestChecksumAsDigest() {
        NotificationBatch.Accepted batch = accepted(artifactory.read(WebhookFixture.load("artifactory",
                "docker_pushed").request()));

        assertThat(batch.ignored()).isEmpty();
        assertThat(batch.pushes()).singleElement().satisfies(push -> {
            assertThat(push.eventId()).matches("artifactory-[0-9a-f]{32}-0");
            assertThat(push.timestamp()).isEqualTo(RECEIVED);
            assertThat(push.registryHost()).isEqualTo("artifactory.example");
            assertThat(push.repository()).isEqualTo("docker-local/team/api");
            assertThat(push.tag()).isEqualTo("3.2.0");
            assertThat(push.digest()).isEqualTo(
                    "sha256:9a7c7503a3366f37e3defe6531f19b727ed1ae16c97a74ed1aae54a6cf41f265");
            assertThat(push.mediaType()).isNull();
            assertThat(push.actor()).isNull();
            assertThat(push.source()).isEqualTo("artifactory");
        });
    }

    @Test
    void aRedeliveryLaterHasTheSameEventId() {
        byte[] body = WebhookFixture.load("artifactory", "docker_pushed").body();
        PushEvent first = accepted(artifactory.read(new WebhookRequest(body, Map.of(), Optional.empty(), RECEIVED)))
                .pushes().get(0);
        PushEvent again = accepted(artifactory.read(new WebhookRequest(body, Map.of(), Optional.empty(),
                RECEIVED.plus(Duration.ofSeconds(30))))).pushes().get(0);

        assertThat(again.eventId()).isEqualTo(first.eventId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "docker_deleted, docker deleted",
            "docker_promoted, docker promoted",
            "artifact_deployed, artifact deployed",
            "docker_pushed_remote_cache, remote cache dockerhub-remote-cache filled by a pull of library/alpine:3.20"})
    void eventsOtherThanADockerPushAreAnsweredAndIgnored(String event, String reason) {
        NotificationBatch.Accepted batch = accepted(artifactory.read(WebhookFixture.load("artifactory", event).request()));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).containsExactly(reason);
    }

    @Test
    void theTestButtonsPlaceholderChecksumIsIgnoredAsNoDigest() {
        NotificationBatch.Accepted batch = accepted(artifactory.read(request("""
                {"domain": "docker", "event_type": "pushed", "data": {"repo_key": "sample_repo",
                 "image_name": "sample_image", "tag": "sample_tag", "sha256": "sample_checksum"},
                 "jpd_origin": "https://artifactory.example"}""")));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).singleElement().asString().startsWith("invalid digest");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                              | body is not JSON
            {"event_type": "pushed"}                                              | missing "domain" or "event_type"
            {"domain": "docker", "event_type": "pushed", "data": {"repo_key": "r", "image_name": "a"}} | a docker push needs data.repo_key, data.image_name and data.tag
            {"domain": "docker", "event_type": "pushed", "data": {"repo_key": "r", "image_name": "a", "tag": "1"}} | no host in jpd_origin
            """)
    void aBodyThatIsNoArtifactoryEventIsMalformedSayingWhere(String body, String reason) {
        assertThat(artifactory.read(request(body))).isInstanceOfSatisfying(NotificationBatch.Malformed.class,
                malformed -> assertThat(malformed.reason()).startsWith(reason));
    }

    private static WebhookRequest request(String body) {
        return new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), Map.of(), Optional.empty(), RECEIVED);
    }
}
