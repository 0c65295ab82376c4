package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.webhook.WebhookFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Azure Container Registry's deliveries at /webhooks/acr through the real listener and inbox. */
@Timeout(20)
class AcrWebhookTest {
    private static final String SECRET = "s3cret-acr-Hdr-77";

    @TempDir
    static Path dir;
    private static Listener on;
    private static Listener off;

    @BeforeAll
    @Timeout(20)
    static void start() throws Exception {
        on = Listener.start(dir.resolve("on"), Listener.options(), null, Listener.webhooks(Map.of("acr", SECRET)));
        off = Listener.start(dir.resolve("off"), Listener.options(), null, Listener.webhooks(Map.of("gitea", SECRET)));
    }

    @AfterAll
    @Timeout(20)
    static void stop() throws Exception {
        Listener.closeAll(on, off);
    }

    @Test
    void aPushWithTheBearerSecretIsStoredUnderItsEventId() throws Exception {
        long before = on.lastSeq();

        HttpResponse<String> answer = post("push", Map.of("Authorization", "Bearer " + SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).containsExactly(new Listener.StoredName(
                "acr-f63a2d2f-4e03-4f45-b96a-6579889efbf5-0", "shopregistry.azurecr.example", "shop/cart", "5.0.2"));
    }

    @ParameterizedTest(name = "Authorization: \"{0}\"")
    @ValueSource(strings = {"", "Bearer wrong", "Bearer s3cret-acr-Hdr-77x", "s3cret-acr-Hdr-77", "Basic czNjcmV0"})
    void aPushWithoutTheBearerSecretIsRefusedAndNothingStored(String authorization) throws Exception {
        long before = on.lastSeq();

        HttpResponse<String> answer = post("push", authorization.isEmpty() ? Map.of()
                : Map.of("Authorization", authorization));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ping", "delete", "chart_push", "quarantine"})
    void otherActionsAreAnsweredAndNothingStored(String event) throws Exception {
        long before = on.lastSeq();

        HttpResponse<String> answer = post(event, Map.of("Authorization", "Bearer " + SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"ignored\":1");
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void withoutItsSecretTheSourceIsOff() throws Exception {
        HttpResponse<String> answer = SourceDeliveries.post(off, "/webhooks/acr", WebhookFixture.load("acr", "push").body(),
                Map.of("Authorization", "Bearer " + SECRET));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(off.stored()).isEmpty();
    }

    private static HttpResponse<String> post(String event, Map<String, String> headers) throws Exception {
        return SourceDeliveries.post(on, "/webhooks/acr", WebhookFixture.load("acr", event).body(), headers);
    }
}
