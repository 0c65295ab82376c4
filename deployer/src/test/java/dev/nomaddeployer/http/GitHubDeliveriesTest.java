package dev.nomaddeployer.http;

import static dev.nomaddeployer.http.SourceDeliveries.post;
import static dev.nomaddeployer.http.SourceDeliveries.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.webhook.SenderCheck;
import dev.nomaddeployer.webhook.WebhookFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GitHub's deliveries at /webhooks/github, through the real listener and inbox. */
@Timeout(20)
class GitHubDeliveriesTest {
    private static final String SECRET = "gh-Hook-s3cret";
    private static final String PATH = "/webhooks/github";

    @TempDir
    Path dir;
    private Listener listener;

    @BeforeEach
    void start() throws Exception {
        listener = Listener.start(dir, Listener.options(), null, Listener.webhooks(Map.of("github", SECRET)));
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
    }

    @Test
    void signedContainerPushIsStored() throws Exception {
        WebhookFixture push = WebhookFixture.load("github", "package-published");

        HttpResponse<String> answer = post(listener, PATH, push.body(), signed(push, SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(listener.stored()).containsExactly(new Listener.StoredName(
                "github-6f0e2a40-cf1b-11f1-8a4e-2d3c5e7f9a10-0", "ghcr.io", "acme-corp/billing-api", "2.4.0"));
    }

    @Test
    void redeliveredPushIsStoredOnce() throws Exception {
        WebhookFixture push = WebhookFixture.load("github", "package-published");

        post(listener, PATH, push.body(), signed(push, SECRET));
        HttpResponse<String> again = post(listener, PATH, push.body(), signed(push, SECRET));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(listener.stored()).hasSize(1);
    }

    @Test
    void deliverySignedWithAnotherSecretIsRefusedAndNothingStored() throws Exception {
        WebhookFixture push = WebhookFixture.load("github", "package-published");

        HttpResponse<String> answer = post(listener, PATH, push.body(), signed(push, "not-" + SECRET));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("X-Hub-Signature-256").doesNotContain(SECRET);
        assertThat(listener.stored()).isEmpty();
    }

    @Test
    void bodyChangedAfterSigningIsRefusedAndNothingStored() throws Exception {
        WebhookFixture push = WebhookFixture.load("github", "package-published");
        byte[] changed = push.text().replace("billing-api", "billing-apx").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = post(listener, PATH, changed, signed(push, SECRET));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(listener.stored()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"package-published", "ping"})
    void unsignedDeliveryIsRefusedAndNothingStored(String event) throws Exception {
        WebhookFixture delivery = WebhookFixture.load("github", event);

        HttpResponse<String> answer = post(listener, PATH, delivery.body(), delivery.headerPairs());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(listener.stored()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ping", "push", "package-published-npm", "package-published-untagged"})
    void signedEventThatIsNoContainerPushIsAnsweredAndNothingStored(String event) throws Exception {
        WebhookFixture delivery = WebhookFixture.load("github", event);

        HttpResponse<String> answer = post(listener, PATH, delivery.body(), signed(delivery, SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"ignored\":1");
        assertThat(listener.stored()).isEmpty();
    }

    @Test
    void withoutItsSecretTheSourceIsOff() throws Exception {
        WebhookFixture push = WebhookFixture.load("github", "package-published");
        try (Listener off = Listener.start(dir.resolve("off"), Listener.options(), null, Listener.noWebhooks())) {
            HttpResponse<String> answer = post(off, PATH, push.body(), signed(push, SECRET));

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("webhooks.github.secret");
            assertThat(off.stored()).isEmpty();
        }
    }

    private static String[] signed(WebhookFixture delivery, String secret) {
        return with(delivery.headerPairs(), "X-Hub-Signature-256",
                "sha256=" + SenderCheck.hmacHex(secret, delivery.body()));
    }
}
