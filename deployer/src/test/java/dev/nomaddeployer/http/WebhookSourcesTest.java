package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.webhook.WebhookFixture;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /webhooks/<source>} as a sender meets it, shown with Harbor: what is stored, what is refused and how. */
class WebhookSourcesTest {
    private static final String HARBOR_DIGEST = "sha256:3b1f6e9c2a7d4e8f0b5c6a1d9e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f";

    @TempDir
    Path dir;
    private Listener listener;

    @BeforeEach
    void start() throws Exception {
        listener = Listener.start(Files.createDirectories(dir.resolve("on")), Listener.options(), null,
                Listener.webhooks(Map.of("harbor", "s3cret")));
    }

    @AfterEach
    void stop() throws Exception {
        Listener.closeAll(listener);
    }

    private HttpResponse<String> harbor(String event, String... headers) throws Exception {
        return SourceDeliveries.post(listener, "/webhooks/harbor", WebhookFixture.load("harbor", event).body(), headers);
    }

    @Test
    void aHarborPushWithItsAuthHeaderIsStoredBeforeTheAnswer() throws Exception {
        HttpResponse<String> answer = harbor("push-artifact", "Authorization", "s3cret");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":1");
        assertThat(listener.stored()).extracting(Listener.StoredName::host, Listener.StoredName::repository,
                Listener.StoredName::tag).containsExactly(org.assertj.core.groups.Tuple.tuple("harbor.example.test",
                "team/app", "1.7.0"));
    }

    @Test
    void aWrongOrMissingSecretIs401AndStoresNothing() throws Exception {
        HttpResponse<String> wrong = harbor("push-artifact", "Authorization", "Bearer guess");
        HttpResponse<String> missing = harbor("push-artifact");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Authorization: Bearer <secret>").doesNotContain("guess");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("no proof of the sender");
        assertThat(listener.stored()).isEmpty();
    }

    @Test
    void anEventThatCannotChangeAJobIsAnswered200AndNotStored() throws Exception {
        HttpResponse<String> answer = harbor("scanning-completed", "Authorization", "s3cret");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":0").contains("\"ignored\":1");
        assertThat(listener.stored()).isEmpty();
    }

    @Test
    void aRedeliveryIsADuplicate() throws Exception {
        harbor("push-artifact", "Authorization", "s3cret");
        HttpResponse<String> again = harbor("push-artifact", "Authorization", "s3cret");

        assertThat(again.body()).contains("\"accepted\":0").contains("\"duplicates\":1");
        assertThat(listener.stored()).hasSize(1);
    }

    @Test
    void theSamePushNotifiedByTheRegistryAfterHarborIsStoredOnce() throws Exception {
        harbor("push-artifact", "Authorization", "s3cret");
        ObjectNode notification = (ObjectNode) Notification.JSON.readTree(Notification.push("team/app", "1.7.0"));
        ((ObjectNode) notification.get("events").get(0).get("target")).put("digest", HARBOR_DIGEST);
        ObjectNode otherDigest = (ObjectNode) Notification.JSON.readTree(Notification.push("team/app", "1.7.0"));

        HttpResponse<String> same = listener.notify(Notification.bytes(notification));
        HttpResponse<String> rebuilt = listener.notify(Notification.bytes(otherDigest));

        assertThat(same.body()).contains("\"accepted\":0").contains("\"duplicates\":1");
        assertThat(rebuilt.body()).as("another digest under the same tag is another push").contains("\"accepted\":1");
        assertThat(listener.stored()).hasSize(2);
    }

    @Test
    void aMalformedDeliveryIs400SayingWhy() throws Exception {
        HttpResponse<String> answer = SourceDeliveries.post(listener, "/webhooks/harbor", "{\"occur_at\": 1}".getBytes(),
                "Authorization", "s3cret");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualToIgnoringNewLines("malformed Harbor delivery: missing \"type\"");
    }

    @Test
    void aSourceWithoutASecretIsOffAnd404NamesTheKeyToSet() throws Exception {
        try (Listener off = Listener.start(Files.createDirectories(dir.resolve("off")), Listener.options())) {
            HttpResponse<String> answer = SourceDeliveries.post(off, "/webhooks/harbor", WebhookFixture.load("harbor",
                    "push-artifact").body(), "Authorization", "s3cret");

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("set webhooks.harbor.secret");
            assertThat(off.stored()).isEmpty();
        }
    }

    @Test
    void anUnknownSourceIs404ListingTheSources() throws Exception {
        HttpResponse<String> answer = SourceDeliveries.post(listener, "/webhooks/nexus", new byte[] {'{', '}'});

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("the sources are").contains("harbor");
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpResponse<String> answer = listener.get("/webhooks/harbor");

        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aSourceThatProvesItselfByHeaderHasNoSecretPath() throws Exception {
        HttpResponse<String> answer = SourceDeliveries.post(listener, "/webhooks/harbor/s3cret", WebhookFixture.load("harbor",
                "push-artifact").body());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(listener.stored()).isEmpty();
    }
}
