package dev.nomaddeployer.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI over HTTP, as a browser would ask for it (the pages' behaviour in a real browser is tested elsewhere):
 * one service with 123 watched jobs, the callback guarded by a token, and an operator token for the UI's actions.
 */
@Timeout(120)
class WebUiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String OPERATOR_TOKEN = "operator-s3cret";
    private static final String CALLBACK_TOKEN = "callback-s3cret";
    private static final int GENERATED_JOBS = 120;

    @TempDir
    static Path dir;
    static NomadSim nomad;
    static RunningDeployer service;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        nomad = NomadSim.builder().build().start();
        nomad.createNamespace("batch");
        nomad.registerJob(JobFixtures.web());
        nomad.registerJob(JobFixtures.api());
        nomad.registerJob(JobFixtures.worker());
        for (int i = 0; i < GENERATED_JOBS; i++) {
            ObjectNode job = JobFixtures.web();
            String id = String.format("svc-%03d", i);
            job.put("ID", id).put("Name", id);
            JobFixtures.setImage(JobFixtures.task(job, 0, 0), "registry.example:5000/team/svc-" + (i % 3)
                    + ":${NOMAD_META_VERSION}");
            nomad.registerJob(job);
        }
        List<String> flags = new ArrayList<>(RunningDeployer.flags(dir));
        flags.add("--nomad.url=" + nomad.baseUrl());
        flags.add("--nomad.ui_url=http://127.0.0.1:4646/");
        flags.add("--registry.auth.token=" + CALLBACK_TOKEN);
        flags.add("--ui.auth.token=" + OPERATOR_TOKEN);
        // a sink nobody listens at: the notices are kept, their deliveries stay pending
        flags.add("--notify.webhook.url=http://127.0.0.1:9/hook");
        flags.add("--notify.webhook.secret=sink-s3cret");
        service = RunningDeployer.start(dir, flags, Map.of(), Optional.of("Bearer " + CALLBACK_TOKEN));
        await().atMost(WAIT).until(() -> service.app().index().warm());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    @Test
    void theServicesAddressLeadsToTheUi() {
        HttpResponse<String> answer = service.get("/");
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValue("/ui/");
    }

    @Test
    void everyUiAnswerCarriesTheSecurityHeadersRefusalsIncluded() {
        for (String path : List.of("/", "/ui/", "/ui/jobs", "/ui/assets/app.js", "/ui/api/overview", "/ui/nothing")) {
            HttpResponse<String> answer = service.get(path);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path).hasValue(CSP);
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        }
    }

    @Test
    void readingTheUiNeedsNoCallbackCredentialsWhileTheApiStillDoes() {
        assertThat(service.get("/ui/api/overview").statusCode()).isEqualTo(200);
        assertThat(service.get("/api/v1/deployments").statusCode()).isEqualTo(401);
    }

    @Test
    void eachPageServesItsShellWithTheElementsTheScriptFills() {
        HttpResponse<String> overview = page("/ui/");
        assertThat(overview.body()).contains("<html lang=\"en\">", "data-nav=\"overview\"", "data-nav=\"jobs\"",
                "data-nav=\"history\"", "id=\"state\"", "id=\"leader\"", "id=\"index\"", "id=\"queue-depth\"",
                "id=\"oldest-pending\"", "<ul id=\"decisions\"", "src=\"/ui/assets/app.js\"",
                "href=\"/ui/assets/app.css\"");
        assertThat(page("/ui/jobs").body()).contains("<input id=\"jobs-search\"", "<label for=\"jobs-search\"",
                "<table id=\"jobs\"", "<tbody>", "id=\"jobs-prev\"", "id=\"jobs-next\"", "id=\"jobs-count\"");
        assertThat(page("/ui/jobs/default/web").body()).contains("<h1 id=\"job-title\"", ">default/web</h1>",
                "id=\"paused\"", "id=\"rollout-status\"", "<ol id=\"timeline\"", "<button type=\"button\" id=\"pause\">",
                "<button type=\"button\" id=\"resume\">", "<button type=\"button\" id=\"retry\">",
                "<input id=\"token\" name=\"token\" type=\"password\"", "<input id=\"operator\"",
                "<p id=\"action-result\" role=\"status\">");
        assertThat(page("/ui/history").body()).contains("<form id=\"history-filters\"", "<select id=\"history-status\""
                + " name=\"status\">", "<option>registered</option>", "<option>rolled_back</option>", "name=\"job\"",
                "name=\"repository\"", "<table id=\"history\"", "id=\"history-prev\"", "id=\"history-next\"");
        assertThat(service.get("/ui/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void aJobsNameIsShownAsTextInItsPageNeverAsMarkup() {
        String body = page("/ui/jobs/default/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E").body();
        assertThat(body).contains(">default/&lt;img src=x onerror=alert(1)&gt;</h1>").doesNotContain("<img");
    }

    @Test
    void theAssetsComeFromTheJarTypedAndRevalidatedCheaply() throws Exception {
        HttpResponse<String> script = service.get("/ui/assets/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(script.body()).as("data reach the page as text only").contains("textContent")
                .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML");
        String etag = script.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/ui/assets/app.js"))
                .header("If-None-Match", etag).GET());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<String> style = service.get("/ui/assets/app.css");
        assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(style.body()).contains(":focus-visible").doesNotContain("url(");
    }

    @Test
    void theJobsListPagesAndSearchesEveryWatchedJob() {
        JsonNode first = json("/ui/api/jobs?per_page=50");
        assertThat(first.path("total").asInt()).isEqualTo(GENERATED_JOBS + 3);
        assertThat(first.path("watched").asInt()).isEqualTo(GENERATED_JOBS + 3);
        assertThat(first.path("jobs")).hasSize(50);
        assertThat(names(first)).startsWith("batch/worker", "default/api", "default/svc-000", "default/svc-001");

        JsonNode last = json("/ui/api/jobs?per_page=50&page=3");
        assertThat(last.path("jobs")).hasSize(GENERATED_JOBS + 3 - 100);
        assertThat(names(last)).last().isEqualTo("default/web");

        JsonNode byName = json("/ui/api/jobs?q=SVC-01");
        assertThat(byName.path("total").asInt()).isEqualTo(10);
        assertThat(names(byName)).containsExactly("default/svc-010", "default/svc-011", "default/svc-012",
                "default/svc-013", "default/svc-014", "default/svc-015", "default/svc-016", "default/svc-017",
                "default/svc-018", "default/svc-019");
        JsonNode byImage = json("/ui/api/jobs?q=team/api");
        assertThat(names(byImage)).containsExactly("default/api");
        JsonNode image = byImage.path("jobs").get(0).path("images").get(0);
        assertThat(image.path("repository").asText()).isEqualTo("team/api");
        assertThat(image.path("meta_key").asText()).isEqualTo("API_VERSION");
        assertThat(image.path("current_value").asText()).isEqualTo("3.2.0");
        assertThat(image.path("policy").asText()).isEqualTo("default");
        assertThat(json("/ui/api/jobs?q=batch").path("total").asInt()).isEqualTo(1);

        assertThat(service.get("/ui/api/jobs?per_page=0").statusCode()).isEqualTo(400);
        assertThat(service.get("/ui/api/jobs?page=x").statusCode()).isEqualTo(400);
    }

    @Test
    void aDecisionMadeAfterSubscribingArrivesLiveAndShowsInTheJobsTimeline() throws Exception {
        try (LiveEvents events = LiveEvents.open(uri("/ui/api/events"))) {
            assertThat(service.push("team/svc-1", "2.0.0")).isEqualTo(200);
            JsonNode decision = events.next("decision", d -> d.path("job").asText().equals("svc-001"));
            assertThat(decision.path("namespace").asText()).isEqualTo("default");
            assertThat(decision.path("status").asText()).isEqualTo("registered");
            assertThat(decision.path("new_value").asText()).isEqualTo("2.0.0");
        }
        service.awaitIdle();

        JsonNode job = await().atMost(WAIT).until(() -> json("/ui/api/jobs/default/svc-001"),
                j -> j.path("images").path(0).path("current_value").asText().equals("2.0.0"));
        assertThat(job.path("nomad_url").asText()).isEqualTo("http://127.0.0.1:4646/ui/jobs/svc-001@default");
        assertThat(job.path("paused").asBoolean()).isFalse();
        List<String> kinds = new ArrayList<>();
        job.path("timeline").forEach(item -> kinds.add(item.path("kind").asText()));
        assertThat(kinds).startsWith("push", "decision");
        JsonNode push = job.path("timeline").get(0);
        assertThat(push.path("repository").asText()).isEqualTo("team/svc-1");
        assertThat(push.path("tag").asText()).isEqualTo("2.0.0");
        JsonNode decided = job.path("timeline").get(1);
        assertThat(decided.path("status").asText()).isEqualTo("registered");
        assertThat(decided.path("message").asText()).isNotEmpty();
        JsonNode noticed = await().atMost(WAIT).until(() -> json("/ui/api/jobs/default/svc-001"),
                j -> j.path("timeline").findValuesAsText("kind").contains("notice"));
        assertThat(noticed.path("timeline")).filteredOn(item -> item.path("kind").asText().equals("notice"))
                .first().satisfies(notice -> {
                    assertThat(notice.path("status").asText()).isEqualTo("registered");
                    assertThat(notice.path("deliveries").path("webhook").asText()).isNotEmpty();
                });

        JsonNode overview = json("/ui/api/overview");
        assertThat(overview.path("ready").asBoolean()).isTrue();
        assertThat(overview.path("leadership").path("leading").asBoolean()).isTrue();
        assertThat(overview.path("index").path("jobs").asInt()).isEqualTo(GENERATED_JOBS + 3);
        assertThat(overview.path("index").path("source").asText()).isEqualTo("stream");
        assertThat(overview.path("queue").path("depth").asInt()).isZero();
        assertThat(overview.path("decisions").findValuesAsText("repository")).as("the newest decisions")
                .hasSize(OverviewView.LATEST).containsOnly("team/svc-1");

        JsonNode history = json("/ui/api/history?job=svc-001&status=registered");
        assertThat(history.path("deployments")).hasSize(1);
        assertThat(json("/ui/api/history?job=svc-001&status=failed").path("deployments")).isEmpty();
        assertThat(service.get("/ui/api/history?status=nonsense").statusCode()).isEqualTo(400);
        assertThat(service.get("/ui/api/jobs/default/no-such-job").statusCode()).isEqualTo(404);
    }

    @Test
    void theOperatorsSwitchesNeedTheTokenAndRecordWhoPulledThem() {
        assertThat(action("default/svc-002/pause", null, null).statusCode()).isEqualTo(401);
        assertThat(action("default/svc-002/pause", "wrong", "alice").statusCode()).isEqualTo(401);
        assertThat(action("default/svc-002/pause", CALLBACK_TOKEN, "alice").statusCode())
                .as("the callback's token is not the operator's").isEqualTo(401);
        assertThat(json("/ui/api/jobs/default/svc-002").path("paused").asBoolean()).isFalse();

        HttpResponse<String> paused = action("default/svc-002/pause", OPERATOR_TOKEN, "alice",
                "{\"reason\": \"release freeze\"}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(parse(paused.body()).path("changed").asBoolean()).isTrue();
        JsonNode job = json("/ui/api/jobs/default/svc-002");
        assertThat(job.path("paused").asBoolean()).isTrue();
        assertThat(job.path("pause").path("by").asText()).isEqualTo("ui:alice (127.0.0.1)");
        assertThat(job.path("pause").path("reason").asText()).isEqualTo("release freeze");
        assertThat(json("/ui/api/jobs?q=svc-002").path("jobs").get(0).path("paused").asBoolean()).isTrue();

        assertThat(service.push("team/svc-2", "2.1.0")).isEqualTo(200);
        service.awaitIdle();
        assertThat(service.history("svc-002")).filteredOn(d -> d.path("tag").asText().equals("2.1.0"))
                .singleElement().satisfies(d -> assertThat(d.path("status").asText()).isEqualTo("skipped"));

        HttpResponse<String> resumed = action("default/svc-002/resume", OPERATOR_TOKEN, null);
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(json("/ui/api/jobs/default/svc-002").path("paused").asBoolean()).isFalse();
        assertThat(action("default/svc-002/nonsense", OPERATOR_TOKEN, null).statusCode()).isEqualTo(404);
        assertThat(action("default/svc-002/pause", OPERATOR_TOKEN, "bob\"forged=1").statusCode()).isEqualTo(400);
    }

    @Test
    void aRetryFromTheUiPutsTheFailedPushBackAndTheHistorySaysWhoAskedForIt() {
        assertThat(action("default/svc-003/retry", OPERATOR_TOKEN, "alice").statusCode())
                .as("nothing failed yet").isEqualTo(404);
        nomad.faults().failNextTo("/v1/job/svc-003", 1, 400, "job is invalid");
        assertThat(service.push("team/svc-0", "2.2.0")).isEqualTo(200);
        service.awaitIdle();
        assertThat(service.history("svc-003")).filteredOn(d -> d.path("tag").asText().equals("2.2.0"))
                .extracting(d -> d.path("status").asText()).contains("failed");

        HttpResponse<String> retried = action("default/svc-003/retry", OPERATOR_TOKEN, "alice");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(parse(retried.body()).path("retried").get(0).path("tag").asText()).isEqualTo("2.2.0");
        service.awaitIdle();
        await().atMost(WAIT).untilAsserted(() -> assertThat(service.history("svc-003"))
                .anySatisfy(d -> {
                    assertThat(d.path("status").asText()).isEqualTo("retried");
                    assertThat(d.path("message").asText()).contains("ui:alice (127.0.0.1)");
                })
                .anySatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("registered")));
    }

    @Test
    void theApiJobSwitchesAcceptTheOperatorsTokenBesideTheCallbacks() {
        assertThat(apiPost("/api/v1/jobs/default/svc-004/pause", OPERATOR_TOKEN).statusCode()).isEqualTo(200);
        assertThat(apiPost("/api/v1/jobs/default/svc-004/resume", CALLBACK_TOKEN).statusCode()).isEqualTo(200);
        assertThat(apiPost("/api/v1/jobs/default/svc-004/pause", "wrong").statusCode()).isEqualTo(401);
        assertThat(json("/ui/api/jobs/default/svc-004").path("paused").asBoolean()).isFalse();
    }

    @Test
    void withoutAnOperatorTokenTheActionsAreOffAndSaySo(@TempDir Path other) throws Exception {
        try (RunningDeployer plain = RunningDeployer.start(other, nomad.baseUrl(), List.of())) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + plain.app().address().getPort() + "/ui/api/jobs/default/web/pause"))
                    .header("Authorization", "Bearer anything").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("actions are off: set ui.auth.token");
            assertThat(plain.get("/ui/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientOutsideTheAllowedNetworksIsRefusedThePagesAndTheirData(@TempDir Path other) throws Exception {
        try (RunningDeployer fenced = RunningDeployer.start(other, nomad.baseUrl(),
                List.of("--server.allowed_networks=10.0.0.0/8"))) {
            for (String path : List.of("/", "/ui/", "/ui/api/jobs", "/ui/assets/app.js")) {
                HttpResponse<String> answer = fenced.get(path);
                assertThat(answer.statusCode()).as(path).isEqualTo(403);
                assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path).hasValue(CSP);
            }
        }
    }

    private static HttpResponse<String> page(String path) {
        HttpResponse<String> answer = service.get(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("text/html; charset=utf-8");
        return answer;
    }

    private static HttpResponse<String> action(String jobAndAction, String token, String operator) {
        return action(jobAndAction, token, operator, "");
    }

    private static HttpResponse<String> action(String jobAndAction, String token, String operator, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/ui/api/jobs/" + jobAndAction))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (operator != null) {
            request.header("X-Operator", operator);
        }
        return send(request);
    }

    private static HttpResponse<String> apiPost(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("jobs").forEach(job -> names.add(job.path("namespace").asText() + "/" + job.path("job").asText()));
        return names;
    }

    private static JsonNode json(String path) {
        HttpResponse<String> answer = service.get(path);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        return parse(answer.body());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.app().address().getPort() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A subscription to the live events, read line by line on its own thread as an EventSource would. */
    private static final class LiveEvents implements AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Stream<String> stream;

        private LiveEvents(Stream<String> stream) {
            this.stream = stream;
            Thread reader = new Thread(() -> {
                try {
                    stream.forEach(lines::add);
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static LiveEvents open(URI uri) throws Exception {
            CompletableFuture<HttpResponse<Stream<String>>> answer = http.sendAsync(HttpRequest.newBuilder(uri)
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> response = answer.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            LiveEvents events = new LiveEvents(response.body());
            // The first frame says the subscription is in place: what is decided from now on will be sent.
            events.line(": subscribed");
            return events;
        }

        private void line(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (expected.equals(line)) {
                    return;
                }
            }
            throw new AssertionError("no line \"" + expected + "\" within " + WAIT);
        }

        /** The data of the first event of {@code kind} that {@code wanted} accepts. */
        JsonNode next(String kind, java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            String event = null;
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                } else if (line.startsWith("data: ") && kind.equals(event)) {
                    JsonNode data = parse(line.substring("data: ".length()));
                    if (wanted.test(data)) {
                        return data;
                    }
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
            throw new AssertionError("no " + kind + " event as wanted within " + WAIT);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
