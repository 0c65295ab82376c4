package dev.nomaddeployer.webhook;

import static dev.nomaddeployer.webhook.QuayEventsTest.accepted;
import static dev.nomaddeployer.webhook.WebhookFixture.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcrEventsTest {
    private final AcrEvents acr = new AcrEvents();

    @Test
    void pushWithATagIsAPushWithEveryFieldFromThePayload() {
        NotificationBatch.Accepted batch = accepted(acr.read(WebhookFixture.load("acr", "push").request()));

        assertThat(batch.ignored()).isEmpty();
        assertThat(batch.pushes()).containsExactly(new PushEvent("acr-f63a2d2f-4e03-4f45-b96a-6579889efbf5-0",
                Instant.parse("2026-11-30T14:05:31.418203907Z"), "shopregistry.azurecr.example", "shop/cart", "5.0.2",
                "sha256:fe3ab465c34029ba50fc9da20f6978c8d3676f201d3b9c766e400a90ad6d9916",
                "application/vnd.oci.image.manifest.v1+json", null, "acr"));
    }

    @Test
    void aRedeliveryLaterHasTheSameEventId() {
        byte[] body = WebhookFixture.load("acr", "push").body();
        PushEvent later = accepted(acr.read(new WebhookRequest(body, Map.of(), Optional.empty(),
                RECEIVED.plusSeconds(120)))).pushes().get(0);

        assertThat(later.eventId()).isEqualTo("acr-f63a2d2f-4e03-4f45-b96a-6579889efbf5-0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "push_untagged, untagged manifest push of shop/cart",
            "delete, delete",
            "quarantine, quarantine",
            "chart_push, chart_push",
            "chart_delete, chart_delete",
            "ping, ping"})
    void everyOtherActionAndAnUntaggedPushAreAnsweredAndIgnored(String event, String reason) {
        NotificationBatch.Accepted batch = accepted(acr.read(WebhookFixture.load("acr", event).request()));

        assertThat(batch.pushes()).isEmpty();
        assertThat(batch.ignored()).containsExactly(reason);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                           | body is not JSON
            {"id": "1", "target": {}}                                          | missing "action"
            {"action": "push", "target": {"repository": "a/b", "tag": "1"}}    | a push needs "id" and target.repository
            {"id": "1", "action": "push", "target": {"repository": "a/b", "tag": "1"}} | a push needs request.host
            {"id": "1", "action": "push", "target": {"repository": "a/b", "tag": "1"}, "request": {"host": "r.example"}} | timestamp null is not an RFC 3339 date-time
            {"id": "1", "action": "push", "timestamp": "now", "target": {"repository": "a/b", "tag": "1"}, "request": {"host": "r.example"}} | timestamp "now" is not an RFC 3339 date-time
            """)
    void aBodyThatIsNoAcrEventIsMalformedSayingWhere(String body, String reason) {
        assertThat(acr.read(new WebhookRequest(body.getBytes(StandardCharsets.UTF_8), Map.of(), Optional.empty(),
                RECEIVED))).isInstanceOfSatisfying(NotificationBatch.Malformed.class,
                malformed -> assertThat(malformed.reason()).startsWith(reason));
    }
}
