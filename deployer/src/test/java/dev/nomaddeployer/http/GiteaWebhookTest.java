package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.webhook.WebhookFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Gitea's and Forgejo's deliveries at /webhooks/gitea through the real listener and inbox. */
@Timeout(20)
class GiteaWebhookTest {
    private static final String SECRET = "g1tea-hook-S3cret";

    @TempDir
    static Path dir;
    private static Listener on;
    private static Listener off;

    @BeforeAll
    @Timeout(20)
    static void start() throws Exception {
        on = Listener.start(dir.resolve("on"), Listener.options(), null, Listener.webhooks(Map.of("gitea", SECRET)));
        off = Listener.start(dir.resolve("off"), Listener.options(), null,
                Listener.webhooks(Map.of("artifactory", SECRET)));
    }

    @AfterAll
    @Timeout(20)
    static void stop() throws Exception {
        Listener.closeAll(on, off);
    }

    @Test
    void aPackageCreatedSignedByGiteaIsStored() throws Exception {
        long before = on.lastSeq();
        byte[] body = WebhookFixture.load("gitea", "package_created").body();

        HttpResponse<String> answer = post(body, SourceDeliveries.signed(WebhookFixture.load("gitea",
                "package_created").headers(), "X-Gitea-Signature", SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).singleElement().satisfies(stored -> {
            assertThat(stored.host()).isEqualTo("git.example");
            assertThat(stored.repository()).isEqualTo("platform/web");
            assertThat(stored.tag()).isEqualTo("1.8.0");
        });
    }

    @Test
    void aPackageCreatedSignedByForgejoIsStored() throws Exception {
        long before = on.lastSeq();
        byte[] body = WebhookFixture.load("gitea", "forgejo_package_created").body();

        HttpResponse<String> answer = post(body, SourceDeliveries.signed(WebhookFixture.load("gitea",
                "forgejo_package_created").headers(), "X-Forgejo-Signature", SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).extracting(Listener.StoredName::repository)
                .containsExactly("platform/worker");
    }

    @Test
    void theAuthorizationHeaderAloneProvesADelivery() throws Exception {
        long before = on.lastSeq();
        byte[] body = new String(WebhookFixture.load("gitea", "package_created").body(), StandardCharsets.UTF_8)
                .replace("1.8.0", "1.8.1").getBytes(StandardCharsets.UTF_8);
        // A webhook without a Gitea secret still sends the signature header, empty.
        Map<String, String> headers = SourceDeliveries.with(SourceDeliveries.with(WebhookFixture.load("gitea",
                "package_created").headers(), "X-Gitea-Signature", ""), "Authorization", "Bearer " + SECRET);

        HttpResponse<String> answer = post(body, headers);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).extracting(Listener.StoredName::tag).containsExactly("1.8.1");
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedAndNothingStored() throws Exception {
        long before = on.lastSeq();
        byte[] body = WebhookFixture.load("gitea", "package_created").body();
        Map<String, String> headers = WebhookFixture.load("gitea", "package_created").headers();

        assertThat(post(body, SourceDeliveries.signed(headers, "X-Gitea-Signature", "another", body)).statusCode())
                .isEqualTo(401);
        assertThat(post(body, SourceDeliveries.with(headers, "X-Gitea-Signature", "")).statusCode()).isEqualTo(401);
        assertThat(post(body, headers).statusCode()).isEqualTo(401);
        assertThat(post(body, SourceDeliveries.with(headers, "Authorization", "Bearer wrong")).statusCode())
                .isEqualTo(401);
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void aDeletedPackageAndAGitPushAreAnsweredAndNothingStored() throws Exception {
        long before = on.lastSeq();

        for (String event : new String[] {"package_deleted", "push"}) {
            byte[] body = WebhookFixture.load("gitea", event).body();
            HttpResponse<String> answer = post(body, SourceDeliveries.signed(WebhookFixture.load("gitea", event).headers(),
                    "X-Gitea-Signature", SECRET, body));
            assertThat(answer.statusCode()).as(event).isEqualTo(200);
            assertThat(answer.body()).as(event).contains("\"ignored\":1");
        }
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void withoutItsSecretTheSourceIsOff() throws Exception {
        byte[] body = WebhookFixture.load("gitea", "package_created").body();

        HttpResponse<String> answer = SourceDeliveries.post(off, "/webhooks/gitea", body, SourceDeliveries.signed(
                WebhookFixture.load("gitea", "package_created").headers(), "X-Gitea-Signature", SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(off.stored()).isEmpty();
    }

    private static HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        return SourceDeliveries.post(on, "/webhooks/gitea", body, headers);
    }
}
