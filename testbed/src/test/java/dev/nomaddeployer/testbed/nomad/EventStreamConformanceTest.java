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
    /** The Job events of the frames among the next {@code count} lines after the opening {}. */
    private List<JsonNode> jobEvents(String query, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines(query, count + 1).subList(1, count + 1)) {
            SimHttp.MAPPER.readTree(line).path("Events").forEach(events::add);
        }
        return events;
    }

    @Test
    @DisplayName("event-job-deleted: a stop is a Job event with Stop true; a purge carries the job and Deleted true")
    void stopAndPurgeEvents() throws Exception {
        sim.registerJob(minimalJob("web", "1"));
        idle();
        long from = sim.index() + 1;
        assertThat(http.send("DELETE", "/v1/job/web", "").status()).isEqualTo(200);
        idle();
        assertThat(http.send("DELETE", "/v1/job/web?purge=true", "").status()).isEqualTo(200);
        idle();
        // status changes in between are Job events too, typed after their entry (AllocationUpdated, …)
        List<JsonNode> deregisters = new ArrayList<>();
        for (int lines = 2; deregisters.size() < 2; lines++) {
            deregisters = jobEvents("?topic=Job:web&index=" + from, lines).stream()
                    .filter(event -> event.path("Type").asText().equals("JobDeregistered")).toList();
        }
        JsonNode stop = deregisters.get(0);
        assertThat(stop.at("/Payload/Job/Stop").asBoolean()).isTrue();
        assertThat(stop.path("Payload").has("Deleted")).isFalse();
        JsonNode purge = deregisters.get(1);
        assertThat(purge.at("/Payload/Deleted").asBoolean()).isTrue();
        assertThat(purge.at("/Payload/Job/ID").asText()).isEqualTo("web");
    }

    @Test
    @DisplayName("event-index-gone: an index no longer buffered starts at the oldest frame held, without an error")
    void indexNoLongerBuffered() throws Exception {
        sim.registerJob(minimalJob("first", "1"));
        long firstIndex = sim.job("default", "first").orElseThrow().get("JobModifyIndex").asLong();
        for (int i = 0; i < 120; i++) {
            sim.registerJob(minimalJob("job-" + i, "1"));
        }
        idle();
        JsonNode frame = SimHttp.MAPPER.readTree(lines("?topic=Job&index=" + firstIndex, 2).get(1));
        assertThat(frame.get("Index").asLong()).isGreaterThan(firstIndex);
        assertThat(frame.at("/Events/0/Key").asText()).isNotEqualTo("first");
    }

    @Test
    @DisplayName("event-stream-ends: a replaced event broker ends open streams and holds none of the earlier frames")
    void replacedBrokerEndsStreamsAndForgets() throws Exception {
        sim.registerJob(minimalJob("web", "1"));
        idle();
        HttpResponse<java.io.InputStream> open = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                sim.baseUrl().resolve("/v1/event/stream?topic=Job")).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("{}");
            assertThat(reader.readLine()).contains("\"Key\":\"web\"");
            sim.dropEventStreams(true);
            // what was already on its way is still delivered, then the body ends
            while (reader.readLine() != null) {
                continue;
            }
        }
        sim.registerJob(minimalJob("api", "1"));
        JsonNode frame = SimHttp.MAPPER.readTree(lines("?topic=Job", 2).get(1));
        assertThat(frame.at("/Events/0/Key").asText()).isEqualTo("api");
    }

    @Test
    @DisplayName("event-stream-ends: [2.0] refuses a token with a 200 whose body ends at once; 1.10 answers 403")
    void refusedTokenByVersion() throws Exception {
        for (NomadVersion version : NomadVersion.values()) {
            try (NomadSim secured = NomadSim.builder().nomadVersion(version).managementToken("root").build().start()) {
                secured.acl().addToken("reader", "reader", java.util.Map.of("default", java.util.Set.of(Acl.LIST_JOBS)));
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        secured.baseUrl().resolve("/v1/event/stream?topic=Job")).header("X-Nomad-Token", "reader")
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (version == NomadVersion.V2_0) {
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(answer.body()).isEmpty();
                } else {
                    assertThat(answer.statusCode()).isEqualTo(403);
                    assertThat(answer.body()).isEqualTo("Permission denied");
                }
            }
        }
    }
}
