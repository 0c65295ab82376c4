package dev.nomaddeployer.testbed.registry;

import static dev.nomaddeployer.testbed.registry.CapturedNotifications.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.testbed.ToolRequirement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** skopeo, the client the fixtures were captured with, copying offline-built OCI layouts into the real registry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkopeoRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path layouts;

    private NotificationSink sink;
    private RegistryHarness registry;
    private final Skopeo skopeo = new Skopeo();

    @BeforeEach
    void startRegistry() {
        ToolRequirement.assumeInstalled("docker-registry");
        ToolRequirement.assumeInstalled("skopeo");
        sink = NotificationSink.start();
        registry = RegistryHarness.builder().notifyUrl(sink.url()).header("Authorization", "Bearer test-secret").start();
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
    void skopeoCopyOfSingleImageNotifiesLikeTheCapturedPush() {
        TestImage image = TestImage.of(ManifestFormat.OCI, "app-1.0.0");
        OciLayout layout = OciLayout.write(layouts.resolve("app"), "1.0.0", image);

        skopeo.copy(layout, registry.hostPort(), "team/app", "1.0.0");

        List<JsonNode> events = awaitAcceptedThrough("team/app", "1.0.0");
        List<JsonNode> captured = CapturedNotifications.events("first-push-then-second-tag.json").subList(0, 3);
        assertThat(events).extracting(CapturedNotifications::summary)
                .containsExactlyElementsOf(captured.stream().map(CapturedNotifications::summary).toList());
        assertThat(events).extracting(CapturedNotifications::shape)
                .containsExactlyElementsOf(captured.stream().map(CapturedNotifications::shape).toList());
        assertThat(events).allSatisfy(event ->
                assertThat(event.path("request").path("useragent").asText()).startsWith("skopeo/"));
        assertThat(events.get(2).path("target").path("digest").asText()).isEqualTo(image.digest());
    }

    @Test
    void skopeoCopyAllOfTwoPlatformIndexNotifiesUntaggedChildrenThenTaggedIndex() {
        TestImageIndex index = TestImageIndex.of("multi-2.0.0", Platform.LINUX_AMD64, Platform.LINUX_ARM64);
        OciLayout layout = OciLayout.write(layouts.resolve("multi"), "2.0.0", index);

        skopeo.copyAll(layout, registry.hostPort(), "team/multi", "2.0.0");

        List<JsonNode> events = awaitAcceptedThrough("team/multi", "2.0.0");
        List<JsonNode> captured = CapturedNotifications.events("push-multiarch-index.json");
        assertThat(events).extracting(CapturedNotifications::summary)
                .containsExactlyElementsOf(captured.stream().map(CapturedNotifications::summary).toList());
        assertThat(events).extracting(CapturedNotifications::shape)
                .containsExactlyElementsOf(captured.stream().map(CapturedNotifications::shape).toList());
        List<String> manifestDigests = events.stream()
                .filter(event -> !event.path("target").path("mediaType").asText().equals("application/octet-stream"))
                .map(event -> event.path("target").path("digest").asText())
                .toList();
        assertThat(manifestDigests).containsExactlyInAnyOrder(
                index.images().get(0).digest(), index.images().get(1).digest(), index.digest());
        assertThat(manifestDigests.get(2)).isEqualTo(index.digest());
    }

    @Test
    void skopeoInspectSeesTheIndexAndNotifiesATaggedPull() {
        TestImageIndex index = TestImageIndex.of("multi-2.0.0", Platform.LINUX_AMD64, Platform.LINUX_ARM64);
        skopeo.copyAll(OciLayout.write(layouts.resolve("multi"), "2.0.0", index), registry.hostPort(), "team/multi", "2.0.0");
        awaitAcceptedThrough("team/multi", "2.0.0");

        JsonNode raw = skopeo.inspectRaw(registry.hostPort(), "team/multi", "2.0.0");
        JsonNode inspected = skopeo.inspect(registry.hostPort(), "team/multi", "2.0.0");

        assertThat(raw.path("mediaType").asText()).isEqualTo(ManifestFormat.OCI_INDEX);
        assertThat(raw.path("manifests")).extracting(m -> m.path("platform").path("architecture").asText())
                .containsExactly("amd64", "arm64");
        assertThat(inspected.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspected.path("Labels").path("dev.nomaddeployer.testbed.seed").asText()).isEqualTo("multi-2.0.0");
        JsonNode taggedPull = sink.awaitEvent(event -> event.path("action").asText().equals("pull")
                && event.path("target").has("tag"), WAIT);
        assertThat(shape(taggedPull)).isEqualTo(shape(CapturedNotifications.events("pull-inspect.json").get(0)));
    }

    @Test
    void failedCopyNamesTheCommandAndSkopeosComplaint() {
        assertThatThrownBy(() -> skopeo.copy("oci:" + layouts.resolve("missing") + ":1.0.0",
                Skopeo.dockerReference(registry.hostPort(), "team/app", "1.0.0")))
                .isInstanceOf(SkopeoException.class)
                .hasMessageContaining("skopeo")
                .hasMessageContaining("copy")
                .hasMessageContaining("exited with");
    }

    /** The accepted events up to and including the tagged push of repository:tag. */
    private List<JsonNode> awaitAcceptedThrough(String repository, String tag) {
        sink.awaitEvent(event -> event.path("action").asText().equals("push")
                && event.path("target").path("repository").asText().equals(repository)
                && event.path("target").path("tag").asText().equals(tag), WAIT);
        return sink.acceptedEvents();
    }
}
