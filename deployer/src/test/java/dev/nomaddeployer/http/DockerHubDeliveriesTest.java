package dev.nomaddeployer.http;

import static dev.nomaddeployer.http.SourceDeliveries.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.nomaddeployer.webhook.WebhookFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Docker Hub's deliveries at /webhooks/dockerhub/&lt;secret&gt;, through the real listener and inbox, with a
 * loopback server standing in for the callback URL Docker Hub gives.
 */
@Timeout(30)
class DockerHubDeliveriesTest {
    private static final String SECRET = "dh-Path-s3cret-9f2";
    private static final String PATH = "/webhooks/dockerhub/" + SECRET;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One callback as it arrived: its body, and how many pushes the inbox held at that moment. */
    record Confirmation(String path, String body, int storedWhenCalled) {}

    @TempDir
    Path dir;
    private Listener listener;
    private HttpServer hub;
    private final List<Confirmation> confirmations = new CopyOnWriteArrayList<>();
    private final CountDownLatch confirmed = new CountDownLatch(1);
    private final CountDownLatch answered = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        listener = Listener.start(dir, Listener.options(), null, Listener.webhooks(Map.of("dockerhub", SECRET)));
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            confirmations.add(new Confirmation(exchange.getRequestURI().getPath(), body, listener.stored().size()));
            confirmed.countDown();
            try {
                // Held until the delivery's own answer has arrived: a 200 that waited for this call never would.
                answered.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hub.start();
    }

    @AfterEach
    void stop() throws Exception {
        answered.countDown();
        hub.stop(0);
        listener.close();
    }

    @Test
    void pushIsStoredAndThenConfirmedOnceWithoutTheAnswerWaitingForIt() throws Exception {
        byte[] body = calledBackAt("/u/team/app/hook/2b4d6f8a/", "push");

        HttpResponse<String> answer = post(listener, PATH, body);
        answered.countDown();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(listener.stored()).singleElement().satisfies(push -> {
            assertThat(push.eventId()).startsWith("dockerhub-");
            assertThat(push.host()).isEqualTo("docker.io");
            assertThat(push.repository()).isEqualTo("team/app");
            assertThat(push.tag()).isEqualTo("1.4.0");
        });
        assertThat(confirmed.await(10, TimeUnit.SECONDS)).as("callback posted").isTrue();
        assertThat(confirmations).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/u/team/app/hook/2b4d6f8a/");
            assertThat(call.storedWhenCalled()).as("pushes stored when the callback came").isEqualTo(1);
            JsonNode confirmation = JSON.readTree(call.body());
            assertThat(confirmation.path("state").asText()).isEqualTo("success");
            assertThat(confirmation.path("context").asText()).isEqualTo("nomad-deployer");
        });
    }

    @Test
    void pushWithoutATagIsAnsweredAndConfirmedAndNothingStored() throws Exception {
        HttpResponse<String> answer = post(listener, PATH, calledBackAt("/u/team/app/hook/4d6f8b0c/", "push-untagged"));
        answered.countDown();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(listener.stored()).isEmpty();
        assertThat(confirmed.await(10, TimeUnit.SECONDS)).as("callback posted").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/webhooks/dockerhub", "/webhooks/dockerhub/", "/webhooks/dockerhub/not-the-secret",
            "/webhooks/dockerhub/" + SECRET + "x"})
    void deliveryWithoutTheSecretInItsPathIsRefusedAndNothingStored(String path) throws Exception {
        HttpResponse<String> answer = post(listener, path, calledBackAt("/u/team/app/hook/2b4d6f8a/", "push"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain(SECRET);
        assertThat(listener.stored()).isEmpty();
    }

    @Test
    void withoutItsSecretTheSourceIsOff() throws Exception {
        try (Listener off = Listener.start(dir.resolve("off"), Listener.options(), null, Listener.noWebhooks())) {
            HttpResponse<String> answer = post(off, PATH, calledBackAt("/u/team/app/hook/2b4d6f8a/", "push"));

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(off.stored()).isEmpty();
        }
    }

    /** The fixture with its callback URL pointing at the loopback stand-in. */
    private byte[] calledBackAt(String path, String event) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(WebhookFixture.load("dockerhub", event).body());
        body.put("callback_url", "http://127.0.0.1:" + hub.getAddress().getPort() + path);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
