package dev.nomaddeployer.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.registry.Captures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends notifications to the service the way the registry does (one event per POST, its media type), built
 * from a captured tag push so the envelope keeps the real shape. Used where a test needs control the real
 * registry does not give: a chosen event id or timestamp, re-deliveries, reordering.
 */
final class Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode TAG_PUSH = Captures.taggedPushEvent("first-push-then-second-tag.json");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI callback;
    private final String registryHost;

    Notifier(int port, String registryHost) {
        this.callback = URI.create("http://127.0.0.1:" + port + "/registry/callback");
        this.registryHost = registryHost;
    }

    static ObjectNode event(String id, Instant timestamp, String registryHost, String repository, String tag) {
        ObjectNode event = TAG_PUSH.deepCopy();
        event.put("id", id);
        event.put("timestamp", timestamp.toString());
        ObjectNode target = (ObjectNode) event.get("target");
        target.put("repository", repository);
        target.put("tag", tag);
        target.put("url", "http://" + registryHost + "/v2/" + repository + "/manifests/" + target.path("digest").asText());
        ((ObjectNode) event.get("request")).put("host", registryHost);
        return event;
    }

    int send(String id, Instant timestamp, String repository, String tag) {
        return post(envelope(event(id, timestamp, registryHost, repository, tag)));
    }

    static ObjectNode envelope(ObjectNode... events) {
        return Captures.envelope(events);
    }

    int post(ObjectNode envelope) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(callback)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(envelope))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
