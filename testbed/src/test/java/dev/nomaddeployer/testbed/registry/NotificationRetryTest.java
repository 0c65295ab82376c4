package dev.nomaddeployer.testbed.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.testbed.ToolRequirement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the real registry re-delivers when the endpoint fails, as the retry-on-500 capture shows. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotificationRetryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration BACKOFF = Duration.ofMillis(200);

    private NotificationSink sink;
    private RegistryHarness registry;

    @BeforeEach
    void startSink() {
        ToolRequirement.assumeInstalled("docker-registry");
        sink = NotificationSink.start();
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
    void failedEventIsResentWithTheSameIdAndLaterEventsWaitBehindIt() {
        registry = RegistryHarness.builder().notifyUrl(sink.url()).threshold(2).backoff(BACKOFF).start();
        sink.failNext(4, 500);

        String digest = new ImagePusher(registry.client()).push("team/app", "1.0.2", ManifestFormat.OCI, "retry");

        sink.awaitEvent(event -> event.path("target").path("tag").asText().equals("1.0.2"), WAIT);
        List<ReceivedNotification> posts = sink.received();
        String firstId = posts.get(0).events().get(0).path("id").asText();
        assertThat(posts.subList(0, 5)).allSatisfy(post ->
                assertThat(post.events().get(0).path("id").asText()).isEqualTo(firstId));
        assertThat(posts).extracting(ReceivedNotification::answeredStatus).containsExactly(500, 500, 500, 500, 200, 200, 200);
        List<JsonNode> accepted = sink.acceptedEvents();
        assertThat(accepted).extracting(event -> event.path("id").asText()).doesNotHaveDuplicates().startsWith(firstId);
        assertThat(accepted.get(2).path("target").path("digest").asText()).isEqualTo(digest);
    }

    @Test
    void afterThresholdFailuresTheRegistryWaitsTheBackoffBetweenTries() {
        registry = RegistryHarness.builder().notifyUrl(sink.url()).threshold(1).backoff(BACKOFF).start();
        sink.failNext(3, 500);

        new ImagePusher(registry.client()).push("team/app", "1.0.0", ManifestFormat.OCI, "backoff");

        sink.awaitEvent(event -> event.path("target").path("tag").asText().equals("1.0.0"), WAIT);
        List<ReceivedNotification> tries = sink.received().subList(0, 4);
        for (int i = 1; i < tries.size(); i++) {
            Duration gap = Duration.between(tries.get(i - 1).receivedAt(), tries.get(i).receivedAt());
            // the registry measures the backoff from its own last failure, a hair before we record it
            assertThat(gap).as("gap before try %d", i + 1).isGreaterThanOrEqualTo(BACKOFF.minusMillis(20));
        }
    }

    @Test
    void capturedRetryKeptTheSameEventIdUntilItWasAccepted() {
        List<JsonNode> captured = CapturedNotifications.events("retry-on-500.json");

        assertThat(captured.subList(0, 9)).extracting(event -> event.path("id").asText()).containsOnly(captured.get(0).path("id").asText());
        assertThat(captured.subList(8, captured.size())).extracting(event -> event.path("id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void answerSlowerThanTheTimeoutCountsAsFailureAndTheEventIsResent() {
        registry = RegistryHarness.builder().notifyUrl(sink.url()).timeout(Duration.ofMillis(300)).threshold(5).start();
        sink.delayAnswers(Duration.ofMillis(800));

        new ImagePusher(registry.client()).push("team/app", "1.0.0", ManifestFormat.OCI, "slow");

        List<ReceivedNotification> posts = sink.await(received -> received.size() >= 2, WAIT);
        sink.delayAnswers(Duration.ZERO);
        assertThat(posts.get(1).events().get(0).path("id").asText())
                .isEqualTo(posts.get(0).events().get(0).path("id").asText());
        assertThat(Duration.between(posts.get(0).receivedAt(), posts.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
}
