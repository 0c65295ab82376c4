package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.nomaddeployer.webhook.WebhookFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quay's deliveries at /webhooks/quay through the real listener and inbox. */
@Timeout(20)
class QuayWebhookTest {
    private static final String SECRET = "q7Hc2-path-secret";

    @TempDir
    static Path dir;
    private static Listener on;
    private static Listener off;

    @BeforeAll
    @Timeout(20)
    static void start() throws Exception {
        on = Listener.start(dir.resolve("on"), Listener.options(), null, Listener.webhooks(Map.of("quay", SECRET)));
        off = Listener.start(dir.resolve("off"), Listener.options(), null, Listener.webhooks(Map.of("acr", SECRET)));
    }

    @AfterAll
    @Timeout(20)
    static void stop() throws Exception {
        Listener.closeAll(on, off);
    }

    @Test
    void aPushWithTheSecretInThePathStoresOnePushPerTag() throws Exception {
        long before = on.lastSeq();

        HttpResponse<String> answer = post("/webhooks/quay/" + SECRET, "repo_push", Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).extracting(Listener.StoredName::host, Listener.StoredName::repository,
                Listener.StoredName::tag).containsExactly(
                        tuple("quay.example:8443", "payments/checkout", "2.7.1"),
                        tuple("quay.example:8443", "payments/checkout", "stable"));
        assertThat(on.storedAfter(before)).allSatisfy(stored -> assertThat(stored.eventId()).startsWith("quay-"));
    }

    @Test
    void aPushWithTheSecretAsBasicCredentialsIsStored() throws Exception {
        long before = on.lastSeq();

        HttpResponse<String> answer = post("/webhooks/quay", "repo_push_tag_map",
                Map.of("Authorization", basic("quay", SECRET)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).extracting(Listener.StoredName::tag).containsExactly("0.9.3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no proof                       | /webhooks/quay                   | ''
            wrong path secret              | /webhooks/quay/not-the-secret     | ''
            path secret with a character more | /webhooks/quay/q7Hc2-path-secretx | ''
            basic credentials of another user | /webhooks/quay                | robot
            """)
    void aDeliveryWithoutTheSecretIsRefusedAndNothingStored(String what, String path, String basicUser)
            throws Exception {
        long before = on.lastSeq();

        HttpResponse<String> answer = post(path, "repo_push",
                basicUser.isEmpty() ? Map.of() : Map.of("Authorization", basic(basicUser, SECRET)));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain(SECRET);
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void aNotificationOfAnotherEventIsAnsweredAndNothingStored() throws Exception {
        long before = on.lastSeq();

        HttpResponse<String> answer = post("/webhooks/quay/" + SECRET, "build_success", Map.of());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"ignored\":1");
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void withoutItsSecretTheSourceIsOff() throws Exception {
        HttpResponse<String> answer = SourceDeliveries.post(off, "/webhooks/quay/" + SECRET,
                WebhookFixture.load("quay", "repo_push").body(), Map.of());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(off.stored()).isEmpty();
    }

    private static HttpResponse<String> post(String path, String event, Map<String, String> headers)
            throws Exception {
        return SourceDeliveries.post(on, path, WebhookFixture.load("quay", event).body(), headers);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
