package dev.nomaddeployer.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the service's decision history over its HTTP API, as an operator's script would. */
final class HistoryApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    HistoryApi(int port) {
        this.port = port;
    }

    /** Every decision recorded for {@code job}, newest first. */
    List<JsonNode> forJob(String job) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode body = get("/api/v1/deployments?per_page=500&page=" + page + "&job="
                    + URLEncoder.encode(job, StandardCharsets.UTF_8));
            body.path("deployments").forEach(all::add);
            if (body.path("deployments").size() < 500) {
                return all;
            }
        }
    }

    /** A POST without a body (pause, resume), answered with JSON. */
    JsonNode post(String pathAndQuery) {
        return send("POST", pathAndQuery);
    }

    JsonNode get(String pathAndQuery) {
        return send("GET", pathAndQuery);
    }

    private JsonNode send(String method, String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(10))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + pathAndQuery + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " failed: " + e, e);
        }
    }
}
