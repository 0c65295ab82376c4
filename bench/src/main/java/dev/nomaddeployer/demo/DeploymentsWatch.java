package dev.nomaddeployer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the service's history ({@code GET /api/v1/deployments}) until the expected decisions have ended. */
final class DeploymentsWatch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(250);

    private final HttpClient http;
    private final URI deployments;
    private final String authorization;

    /** {@code authorization}: the history API takes the callback's credentials. */
    DeploymentsWatch(HttpClient http, URI service, String authorization) {
        this.http = http;
        this.deployments = service.resolve("/api/v1/deployments?per_page=500");
        this.authorization = authorization;
    }

    /** Where one expected decision stands: {@code actual} as {@code status[/rollout]}, empty while none is recorded. */
    record Reached(Expectation expected, Optional<String> actual, String message) {
        boolean ok() {
            return actual.filter(expected.outcome()::equals).isPresent();
        }
    }

    /** Waits until every expectation is met or {@code timeout} passed; answers where each stands then. */
    List<Reached> await(List<Expectation> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Reached> reached = read(expected);
            if (reached.stream().allMatch(Reached::ok) || System.nanoTime() > deadline) {
                return reached;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return reached;
            }
        }
    }

    private List<Reached> read(List<Expectation> expected) {
        JsonNode entries = fetch().path("deployments");
        List<Reached> reached = new ArrayList<>();
        for (Expectation expectation : expected) {
            reached.add(find(entries, expectation));
        }
        return reached;
    }

    private static Reached find(JsonNode entries, Expectation expected) {
        for (JsonNode entry : entries) {
            if (expected.namespace().equals(entry.path("namespace").asText())
                    && expected.job().equals(entry.path("job").asText())
                    && expected.tag().equals(entry.path("tag").asText())
                    && expected.digest().equals(entry.path("digest").asText())) {
                JsonNode rollout = entry.path("rollout");
                String actual = entry.path("status").asText()
                        + (rollout.isObject() ? "/" + rollout.path("status").asText() : "");
                String message = rollout.isObject() && !rollout.path("description").asText("").isEmpty()
                        ? rollout.path("description").asText() : entry.path("message").asText("");
                return new Reached(expected, Optional.of(actual), message);
            }
        }
        return new Reached(expected, Optional.empty(), "");
    }

    private JsonNode fetch() {
        HttpRequest request = HttpRequest.newBuilder(deployments).timeout(Duration.ofSeconds(5))
                .header("Authorization", authorization).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode(); // the next poll asks again; the deadline bounds the wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }
}
