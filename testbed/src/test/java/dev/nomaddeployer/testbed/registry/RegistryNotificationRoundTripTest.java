package dev.nomaddeployer.testbed.registry;

import static dev.nomaddeployer.testbed.registry.CapturedNotifications.shape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.testbed.ToolRequirement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pushes over the registry HTTP API from Java and checks the real registry's notifications against the captures. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistryNotificationRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SECRET = "Bearer round-trip-secret";

    private NotificationSink sink;
    private RegistryHarness registry;
    private ImagePusher pusher;

    @BeforeEach
    void startRegistry() {
        ToolRequirement.assumeInstalled("docker-registry");
        sink = NotificationSink.start();
        registry = RegistryHarness.builder().notifyUrl(sink.url()).header("Authorization", SECRET).start();
        pusher = new ImagePusher(registry.client());
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void schemaTwoPushOfNewTagNotifiesBothBlobsThenTheTaggedManifest() {
        TestImage image = TestImage.of(ManifestFormat.DOCKER_SCHEMA2, "web-3.1.0");

        String digest = pusher.push("team/web", "3.1.0", image);

        JsonNode manifest = awaitTaggedPush("team/web", "3.1.0");
        assertThat(digest).isEqualTo(image.digest());
        assertThat(manifest.path("target").path("digest").asText()).isEqualTo(image.digest());
        assertThat(manifest.path("target").path("mediaType").asText()).isEqualTo(ManifestFormat.DOCKER_SCHEMA2.manifestMediaType());
        assertThat(manifest.path("target").path("size").asLong()).isEqualTo(image.manifest().size());
        assertThat(shape(manifest)).isEqualTo(shape(CapturedNotifications.events("push-v2s2-new-repo.json").get(3)));
        assertThat(pushedBlobDigests()).containsExactlyInAnyOrder(image.config().digest(), image.layer().digest());
    }

    @Test
    void ociPushOfNewTagNotifiesEventsShapedLikeTheCapturedPush() {
        TestImage image = TestImage.of(ManifestFormat.OCI, "app-1.0.0");

        pusher.push("team/app", "1.0.0", image);

        JsonNode manifest = awaitTaggedPush("team/app", "1.0.0");
        List<JsonNode> captured = CapturedNotifications.events("first-push-then-second-tag.json");
        assertThat(shape(manifest)).isEqualTo(shape(captured.get(2)));
        assertThat(manifest.path("target").path("mediaType").asText()).isEqualTo(ManifestFormat.OCI.manifestMediaType());
        List<JsonNode> blobs = sink.acceptedEvents().subList(0, 2);
        assertThat(blobs).allSatisfy(blob -> assertThat(shape(blob)).isEqualTo(shape(captured.get(0))));
        assertThat(blobs).extracting(CapturedNotifications::summary)
                .containsOnly("push application/octet-stream untagged by PUT");
    }

    @Test
    void notificationsCarryTheCapturedEnvelopeHeadersAndTheConfiguredSecret() {
        pusher.push("team/app", "1.0.0", ManifestFormat.OCI, "headers");

        awaitTaggedPush("team/app", "1.0.0");
        Map<String, String> captured = CapturedNotifications.headers("first-push-then-second-tag.json");
        assertThat(sink.received()).hasSize(3).allSatisfy(post -> {
            assertThat(post.header("Content-Type")).contains(captured.get("Content-Type"));
            assertThat(post.header("User-Agent")).contains(captured.get("User-Agent"));
            assertThat(post.header("Authorization")).contains(SECRET);
            assertThat(post.path()).isEqualTo(NotificationSink.DEFAULT_PATH);
            assertThat(post.events()).hasSize(1);
        });
    }

    @Test
    void eventCarriesUniqueIdTimestampAndTheHostThePusherUsed() {
        Instant before = Instant.now().minusSeconds(5);
        pusher.push("team/app", "1.0.0", ManifestFormat.OCI, "request-host");

        JsonNode manifest = awaitTaggedPush("team/app", "1.0.0");
        assertThat(UUID.fromString(manifest.path("id").asText())).isNotNull();
        assertThat(Instant.parse(manifest.path("timestamp").asText())).isAfter(before);
        assertThat(manifest.path("request").path("host").asText()).isEqualTo(registry.hostPort());
        assertThat(manifest.path("request").path("method").asText()).isEqualTo("PUT");
        assertThat(manifest.path("target").path("url").asText())
                .isEqualTo(registry.baseUri() + "/v2/team/app/manifests/" + manifest.path("target").path("digest").asText());
        assertThat(sink.acceptedEvents()).extracting(event -> event.path("id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void secondTagForExistingManifestNotifiesPushOfSameDigestUnderNewTag() {
        String first = pusher.push("team/app", "1.0.0", ManifestFormat.OCI, "app");
        awaitTaggedPush("team/app", "1.0.0");

        String second = pusher.tag("team/app", "1.0.0", "1.0.1");

        JsonNode retag = awaitTaggedPush("team/app", "1.0.1");
        assertThat(second).isEqualTo(first);
        assertThat(retag.path("target").path("digest").asText()).isEqualTo(first);
        assertThat(shape(retag)).isEqualTo(shape(CapturedNotifications.events("first-push-then-second-tag.json").get(5)));
        assertThat(registry.client().tags("team/app")).containsExactlyInAnyOrder("1.0.0", "1.0.1");
    }

    @Test
    void repushOfSameTagNotifiesAgainWithUnchangedDigest() {
        String first = pusher.push("team/app", "1.0.1", ManifestFormat.OCI, "same");
        awaitTaggedPush("team/app", "1.0.1");

        String again = pusher.push("team/app", "1.0.1", ManifestFormat.OCI, "same");

        List<ReceivedNotification> all = sink.await(received -> taggedPushes(received, "1.0.1").size() == 2, WAIT);
        assertThat(again).isEqualTo(first);
        assertThat(taggedPushes(all, "1.0.1")).extracting(event -> event.path("target").path("digest").asText())
                .containsExactly(first, first);
        assertThat(taggedPushes(all, "1.0.1")).extracting(event -> event.path("id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void differentImageUnderSameTagNotifiesTheNewDigest() {
        String first = pusher.push("team/app", "latest", ManifestFormat.OCI, "build-1");
        awaitTaggedPush("team/app", "latest");

        String second = pusher.push("team/app", "latest", ManifestFormat.OCI, "build-2");

        List<ReceivedNotification> all = sink.await(received -> taggedPushes(received, "latest").size() == 2, WAIT);
        assertThat(second).isNotEqualTo(first);
        assertThat(taggedPushes(all, "latest")).extracting(event -> event.path("target").path("digest").asText())
                .containsExactly(first, second);
        assertThat(registry.client().resolve("team/app", "latest")).contains(second);
    }

    @Test
    void pushByDigestNotifiesManifestWithoutTag() {
        TestImage image = TestImage.of(ManifestFormat.OCI, "untagged");

        pusher.pushByDigest("team/app", image);

        JsonNode manifest = sink.awaitEvent(event -> event.path("target").path("mediaType").asText()
                .equals(ManifestFormat.OCI.manifestMediaType()), WAIT);
        assertThat(manifest.path("target").has("tag")).isFalse();
        assertThat(manifest.path("target").path("digest").asText()).isEqualTo(image.digest());
        assertThat(registry.client().tags("team/app")).isEmpty();
    }

    @Test
    void blobMountFromAnotherRepositoryNotifiesMountWithItsSource() {
        TestImage image = TestImage.of(ManifestFormat.OCI, "shared-layer");
        pusher.push("team/app", "1.0.0", image);
        awaitTaggedPush("team/app", "1.0.0");

        boolean mounted = registry.client().mountBlob("team/web", image.layer().digest(), "team/app");

        JsonNode mount = sink.awaitEvent(event -> event.path("action").asText().equals("mount"), WAIT);
        assertThat(mounted).isTrue();
        assertThat(mount.path("target").path("fromRepository").asText()).isEqualTo("team/app");
        assertThat(mount.path("target").path("repository").asText()).isEqualTo("team/web");
        assertThat(shape(mount)).isEqualTo(shape(CapturedNotifications.events("push-v2s2-new-repo.json").get(1)));
    }

    @Test
    void deleteOfTaggedManifestNotifiesDeleteOfItsDigest() {
        String digest = pusher.push("team/app", "1.0.0", ManifestFormat.OCI, "doomed");
        awaitTaggedPush("team/app", "1.0.0");

        pusher.delete("team/app", "1.0.0");

        JsonNode delete = sink.awaitEvent(event -> event.path("action").asText().equals("delete")
                && event.path("target").has("digest"), WAIT);
        assertThat(delete.path("target").path("digest").asText()).isEqualTo(digest);
        assertThat(registry.client().resolve("team/app", "1.0.0")).isEmpty();
    }

    @Test
    void ignoredPullsAreNotNotified() {
        registry.close();
        sink.reset();
        registry = RegistryHarness.builder().notifyUrl(sink.url()).ignoreActions("pull").start();
        pusher = new ImagePusher(registry.client());
        pusher.push("team/app", "1.0.0", ManifestFormat.OCI, "quiet");

        pusher.tag("team/app", "1.0.0", "1.0.1");

        awaitTaggedPush("team/app", "1.0.1");
        assertThat(sink.events()).extracting(event -> event.path("action").asText()).containsOnly("push");
    }

    private JsonNode awaitTaggedPush(String repository, String tag) {
        return sink.awaitEvent(event -> event.path("action").asText().equals("push")
                && event.path("target").path("repository").asText().equals(repository)
                && event.path("target").path("tag").asText().equals(tag), WAIT);
    }

    private List<String> pushedBlobDigests() {
        return sink.acceptedEvents().stream()
                .filter(event -> event.path("action").asText().equals("push"))
                .filter(event -> event.path("target").path("mediaType").asText().equals("application/octet-stream"))
                .map(event -> event.path("target").path("digest").asText())
                .toList();
    }

    private static List<JsonNode> taggedPushes(List<ReceivedNotification> received, String tag) {
        return received.stream().filter(ReceivedNotification::accepted).flatMap(post -> post.events().stream())
                .filter(event -> event.path("action").asText().equals("push"))
                .filter(event -> event.path("target").path("tag").asText().equals(tag))
                .toList();
    }
}
