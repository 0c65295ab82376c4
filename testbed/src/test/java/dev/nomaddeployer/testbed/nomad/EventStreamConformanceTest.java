package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#event-stream to #event-query: the event stream. */
class EventStreamConformanceTest extends SimTestBase {

    /** Reads {@code count} lines of a stream, then hangs up. */
    List<String> lines(String query, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(sim.baseUrl().resolve("/v1/event/stream" + query)).build();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            while (lines.size() < count) {
                lines.add(reader.readLine());
            }
        }
        return lines;
    }

    @Test
    @DisplayName("event-stream: {} at once, before any heartbeat is due")
    void heartbeatFirst() throws Exception {
        sim.heartbeatInterval(Duration.ofHours(1));
        // had the first {} waited for the heartbeat, this read would outlast the test's time-out
        assertThat(lines("?topic=Job:none", 1)).containsExactly("{}");
    }

    @Test
    @DisplayName("event-stream: then {} on every heartbeat, one JSON object per line, never sooner than the interval")
    void heartbeatPeriodically() throws Exception {
        long started = System.nanoTime();
        List<String> lines = lines("?topic=Job:none", 3);
        assertThat(lines).containsExactly("{}", "{}", "{}");
        // two heartbeats after the first {} of SimTestBase's 300 ms interval
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    @DisplayName("event-types: a register is one frame with a Job and an Evaluation event, like event-stream.ndjson")
    void registerFrameMatchesFixture() throws Exception {
        Fixtures.story(sim);
        long from = sim.index() + 1;
        String request = Fixtures.text("register-request.json").replace("\"JobModifyIndex\": 40",
                "\"JobModifyIndex\": " + sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong());
        assertThat(http.post("/v1/job/web", request).status()).isEqualTo(200);
        idle();
        List<String> lines = lines("?topic=Job:web&topic=Evaluation:web&topic=Deployment:web&index=" + from, 4);
        String[] fixture = Fixtures.text("event-stream.ndjson").split("\n");
        assertThat(lines.get(0)).isEqualTo("{}");
        for (int i = 1; i <= 3; i++) {
            Fixtures.assertMatches(SimHttp.MAPPER.readTree(lines.get(i)), SimHttp.MAPPER.readTree(fixture[i]),
                    "frame" + i);
        }
        JsonNode register = SimHttp.MAPPER.readTree(lines.get(1));
        assertThat(register.get("Index").asLong()).isEqualTo(from);
        assertThat(register.at("/Events/0/Index").asLong()).isEqualTo(from);
    }

    @Test
    @DisplayName("event-query: topic keys, FilterKeys, index replay and namespace filtering")
    void topicNamespaceAndIndexFilters() throws Exception {
        sim.createNamespace("batch");
        sim.registerJob(minimalJob("api", "1"));
        // the register's own index: sim.index() + 1 would race api's scheduler steps
        long webIndex = sim.registerJob(minimalJob("web", "1")).get("JobModifyIndex").asLong();
        sim.registerJob(minimalJob("worker", "1").put("Namespace", "batch").put("Type", "batch"));
        idle();
        JsonNode jobFrame = SimHttp.MAPPER.readTree(lines("?topic=Job:web", 2).get(1));
        assertThat(jobFrame.at("/Events/0/Key").asText()).isEqualTo("web");
        assertThat(jobFrame.get("Events")).hasSize(1);
        JsonNode evalFrame = SimHttp.MAPPER.readTree(lines("?topic=Evaluation:web", 2).get(1));
        assertThat(evalFrame.at("/Events/0/Topic").asText()).isEqualTo("Evaluation");
        assertThat(evalFrame.at("/Events/0/FilterKeys/0").asText()).isEqualTo("web");
        JsonNode replay = SimHttp.MAPPER.readTree(lines("?index=" + webIndex, 2).get(1));
        assertThat(replay.get("Index").asLong()).isGreaterThanOrEqualTo(webIndex);
        assertThat(replay.at("/Events/0/Key").asText()).isEqualTo("web");
        assertThat(SimHttp.MAPPER.readTree(lines("?topic=Job:worker&namespace=*", 2).get(1))
                .at("/Events/0/Namespace").asText()).isEqualTo("batch");
        SimHttp.Response bad = http.get("/v1/event/stream?index=x");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("Unable to parse index: strconv.Atoi: parsing \"x\": invalid syntax");
        assertThat(http.get("/v1/event/stream?topic=Job:a:b").body())
                .isEqualTo("Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: Job:a:b");
    }

    @Test
    @DisplayName("event-query: the default namespace filter drops batch events")
    void defaultNamespaceDropsOtherNamespaces() throws Exception {
        sim.createNamespace("batch");
        sim.registerJob(minimalJob("worker", "1").put("Namespace", "batch").put("Type", "batch"));
        sim.registerJob(minimalJob("web", "1"));
        JsonNode first = SimHttp.MAPPER.readTree(lines("?topic=Job", 2).get(1));
        assertThat(first.at("/Events/0/Key").asText()).isEqualTo("web");
    }
}
