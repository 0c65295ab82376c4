package dev.nomaddeployer.webhook;

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

class QuayEventsTest {
    private final QuayEvents quay = new QuayEvents();

    @Test
    void pushToRepositoryIsOnePushPerUpdatedTagReceivedNowWithoutDigest() {
        NotificationBatch.Accepted batch = accepted(quay.read(WebhookFixture.load("quay", "repo_push").request()));

        assertThat(batch.ignored()).isEmpty();
        assertThat(batch.pushes()).hasSize(2);
        PushEvent first = batch.pushes().get(0);
        assertThat(first.eventId()).matches("quay-[0-9a-f]{32}-0");
        assertThat(first.timestamp()).isEqualTo(RECEIVED);
        assertThat(first.registryHost()).isEqualTo("quay.example:8443");
        assertThat(first.repository()).isEqualTo("payments/checkout");
        assertThat(first.tag()).isEqualTo("2.7.1");
        assertThat(first.digest()).isNull();
        assertThat(first.mediaType()).isNull();
        assertThat(first.actor()).isNull();
        assertThat(first.source()).isEqualTo("quay");
        PushEvent second = batch.pushes().get(1);
        assertThat(second.tag()).isEqualTo("stable");
        assertThat(second.eventId()).isEqualTo(first.eventId().substring(0, first.eventId().length() - 1) + "1");
    }

    @Test
    void olderQuayTagMapReadsItsKeysAsTheTags() {
        NotificationBatch.Accepted batch = accepted(quay.read(WebhookFixture.load("quay", "repo_push_tag_map").request()));

        assertThat(batch.pushes()).singleElement().satisfies(push -> {
            assertThat(push.registryHost()).isEqualTo("quay.example");
            assertThat(push.repository()).isEqualTo("payments/ledger");
            assertThat(push.tag()).isEqualTo("0.9.3");
        });
    }

    @Test
    void theSameDeliveryReadAgainHasTheSameEventIds() {
        WebhookRequest delivery = WebhookFixture.load("quay", "repo_push").request();

        assertThat(accepted(quay.read(delivery)).pushes()).extracting(PushEvent::eventId)
                .isEqualTo(accepted(quay.read(delivery)).pushes().stream().map(PushEvent::eventId).toList());
    }

    @Test
    void aLaterPushOfTheSameTagIsANewEventThoughTheBodyIsTheSame() {
        byte[] body = WebhookFixture.load("quay", "repo_push").body();
        WebhookRequest first = new WebhookRequest(body, Map.of(), Optional.empty(), RECEIVED);
        WebhookRequest later = new WebhookRequest(body, Map.of(), Optional.empty(), RECEIVED.plus(Duration.ofMinutes(5)));

        assertThat(accepted(quay.read(later)).pushes().get(0).eventId())
                .isNotEqualTo(accepted(quay.read(first)).pushes().get(0).eventId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "build_success, build notification for payments/checkout",
            "vulnerability_found, vulnerability notification for payments/checkout",
            "repo_mirror_sync_success, repository mirror notification for mirrors/base"})
    void notificationsOfOtherEventsAreAnsweredAndIgnored(String event, String reason) {
        NotificationBatch.Accepted batch = accepted(quay.read(WebhookFixture.load("quay", event).request()));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).containsExactly(reason);
    }

    @Test
    void anInvalidTagIsIgnoredAndTheOthersKept() {
        NotificationBatch.Accepted batch = accepted(quay.read(request("""
                {"repository": "payments/checkout", "docker_url": "quay.example/payments/checkout",
                 "updated_tags": ["-bad", "2.7.2"]}""")));

        assertThat(batch.pushes()).extracting(PushEvent::tag).containsExactly("2.7.2");
        assertThat(batch.ignored()).singleElement().asString().contains("invalid tag \"-bad\"");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                          | body is not JSON
            []                                                                | body is not a JSON object
            {"updated_tags": ["1"]}                                           | missing "repository"
            {"repository": "a/b", "docker_url": "quay.example/a/b", "updated_tags": "1"} | updated_tags is neither a list of tags nor an object keyed by tag
            {"repository": "a/b", "docker_url": "quay.example/a/b", "updated_tags": [1]} | updated_tags is neither a list of tags nor an object keyed by tag
            {"repository": "a/b", "updated_tags": ["1"]}                      | no host in docker_url
            """)
    void aBodyThatIsNoQuayNotificationIsMalformedSayingWhere(String body, String reason) {
        assertThat(quay.read(request(body))).isInstanceOfSatisfying(NotificationBatch.Malformed.class,
                malformed -> assertThat(malformed.reason()).startsWith(reason));
    }

    @Test
    void anEmptyBodyIsMalformed() {
        assertThat(quay.read(new WebhookRequest(new byte[0], Map.of(), Optional.empty(), RECEIVED)))
                .isEqualTo(new NotificationBatch.Malformed("body is empty"));
    }

    private static WebhookRequest request(String body) {
        return new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), Map.of(), Optional.empty(), RECEIVED);
    }

    static NotificationBatch.Accepted accepted(NotificationBatch batch) {
        assertThat(batch).isInstanceOf(NotificationBatch.Accepted.class);
        return (NotificationBatch.Accepted) batch;
    }
}
