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

/** JFrog Artifactory's deliveries at /webhooks/artifactory through the real listener and inbox. */
@Timeout(20)
class ArtifactoryWebhookTest {
    private static final String SECRET = "jf-Event-4uth-9d1";
    private static final String AUTH = "X-JFrog-Event-Auth";

    @TempDir
    static Path dir;
    private static Listener on;
    private static Listener off;

    @BeforeAll
    @Timeout(20)
    static void start() throws Exception {
        on = Listener.start(dir.resolve("on"), Listener.options(), null,
                Listener.webhooks(Map.of("artifactory", SECRET)));
        off = Listener.start(dir.resolve("off"), Listener.options(), null, Listener.noWebhooks());
    }

    @AfterAll
    @Timeout(20)
    static void stop() throws Exception {
        Listener.closeAll(on, off);
    }

    @Test
    void aPushSignedWithTheSecretIsStored() throws Exception {
        long before = on.lastSeq();
        byte[] body = WebhookFixture.load("artifactory", "docker_pushed").body();

        HttpResponse<String> answer = post(body, SourceDeliveries.signed(Map.of(), AUTH, SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).singleElement().satisfies(stored -> {
            assertThat(stored.host()).isEqualTo("artifactory.example");
            assertThat(stored.repository()).isEqualTo("docker-local/team/api");
            assertThat(stored.tag()).isEqualTo("3.2.0");
        });
    }

    @Test
    void aPushCarryingTheSecretTokenItselfIsStored() throws Exception {
        long before = on.lastSeq();
        byte[] body = otherTag(WebhookFixture.load("artifactory", "docker_pushed").body());

        HttpResponse<String> answer = post(body, Map.of(AUTH, SECRET));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(on.storedAfter(before)).extracting(Listener.StoredName::tag).containsExactly("3.2.1");
    }

    @Test
    void aWrongSignatureAWrongTokenOrNoneAreRefusedAndNothingStored() throws Exception {
        long before = on.lastSeq();
        byte[] body = WebhookFixture.load("artifactory", "docker_pushed").body();

        assertThat(post(body, SourceDeliveries.signed(Map.of(), AUTH, "another-secret", body)).statusCode())
                .isEqualTo(401);
        assertThat(post(body, Map.of(AUTH, SECRET + "x")).statusCode()).isEqualTo(401);
        assertThat(post(body, Map.of()).statusCode()).isEqualTo(401);
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        long before = on.lastSeq();
        byte[] signedBody = WebhookFixture.load("artifactory", "docker_pushed").body();

        HttpResponse<String> answer = post(otherTag(signedBody),
                SourceDeliveries.signed(Map.of(), AUTH, SECRET, signedBody));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void aDeleteIsAnsweredAndNothingStored() throws Exception {
        long before = on.lastSeq();
        byte[] body = WebhookFixture.load("artifactory", "docker_deleted").body();

        HttpResponse<String> answer = post(body, SourceDeliveries.signed(Map.of(), AUTH, SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"ignored\":1");
        assertThat(on.storedAfter(before)).isEmpty();
    }

    @Test
    void withoutItsSecretTheSourceIsOff() throws Exception {
        byte[] body = WebhookFixture.load("artifactory", "docker_pushed").body();

        HttpResponse<String> answer = SourceDeliveries.post(off, "/webhooks/artifactory", body,
                SourceDeliveries.signed(Map.of(), AUTH, SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(off.stored()).isEmpty();
    }

    private static HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        return SourceDeliveries.post(on, "/webhooks/artifactory", body, headers);
    }

    private static byte[] otherTag(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replace("3.2.0", "3.2.1").getBytes(StandardCharsets.UTF_8);
    }
}
