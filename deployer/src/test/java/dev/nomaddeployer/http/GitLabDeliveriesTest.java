package dev.nomaddeployer.http;

import static dev.nomaddeployer.http.SourceDeliveries.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.webhook.WebhookFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GitLab's registry notifications at /webhooks/gitlab, through the real listener and inbox. */
@Timeout(20)
class GitLabDeliveriesTest {
    private static final String SECRET = "gl-Registry-t0ken";
    private static final String PATH = "/webhooks/gitlab";
    private static final String EVENTS_TYPE = "application/vnd.docker.distribution.events.v1+json";

    @TempDir
    Path dir;
    private Listener listener;

    @BeforeEach
    void start() throws Exception {
        listener = Listener.start(dir, Listener.options(), null, Listener.webhooks(Map.of("gitlab", SECRET)));
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Authorization  | 'Bearer '
            Authorization  | ''
            X-Gitlab-Token | ''
            """)
    void pushWithTheSecretInAHeaderTheRegistrySendsIsStored(String header, String scheme) throws Exception {
        WebhookFixture push = WebhookFixture.load("gitlab", "push");

        HttpResponse<String> answer = post(listener, PATH, push.body(), "Content-Type", EVENTS_TYPE,
                header, scheme + SECRET);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(listener.stored()).containsExactly(new Listener.StoredName(
                "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b", "registry.gitlab.example:5050", "platform/payments/ledger",
                "3.8.2"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Bearer not-the-token", "Bearer " + SECRET + "x", "Basic " + SECRET})
    void pushWithAnotherSecretIsRefusedAndNothingStored(String authorization) throws Exception {
        WebhookFixture push = WebhookFixture.load("gitlab", "push");

        HttpResponse<String> answer = post(listener, PATH, push.body(), "Content-Type", EVENTS_TYPE,
                "Authorization", authorization);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain(SECRET);
        assertThat(listener.stored()).isEmpty();
    }

    @Test
    void pushWithoutASecretIsRefusedAndNothingStored() throws Exception {
        WebhookFixture push = WebhookFixture.load("gitlab", "push");

        HttpResponse<String> answer = post(listener, PATH, push.body(), "Content-Type", EVENTS_TYPE);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("X-Gitlab-Token");
        assertThat(listener.stored()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"push-blob", "push-untagged", "pull", "mount", "delete", "rename"})
    void eventThatIsNoTaggedPushIsAnsweredAndNothingStored(String event) throws Exception {
        WebhookFixture delivery = WebhookFixture.load("gitlab", event);

        HttpResponse<String> answer = post(listener, PATH, delivery.body(), "Content-Type", EVENTS_TYPE,
                "Authorization", "Bearer " + SECRET);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(listener.stored()).isEmpty();
    }

    @Test
    void withoutItsSecretTheSourceIsOff() throws Exception {
        WebhookFixture push = WebhookFixture.load("gitlab", "push");
        try (Listener off = Listener.start(dir.resolve("off"), Listener.options(), null,
                Listener.webhooks(Map.of("github", SECRET)))) {
            HttpResponse<String> answer = post(off, PATH, push.body(), "Content-Type", EVENTS_TYPE,
                    "Authorization", "Bearer " + SECRET);

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(off.stored()).isEmpty();
        }
    }
}
