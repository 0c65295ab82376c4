package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nomad, or a proxy in front of it, answers a job read with something that is not the job. That is a bad
 * answer to retry, never a job that "does not use" the pushed image.
 */
@Timeout(60)
class LyingAnswersTest {
    private static final List<String> LIES = List.of("{}", "{\"ID\":\"web\",\"TaskGroups\":null,\"JobModifyIndex\":1}",
            "{\"ID\":\"web\",\"JobModifyIndex\":1}", "{\"ID\":\"api\",\"TaskGroups\":[],\"JobModifyIndex\":1}");

    @TempDir
    Path dir;
    NomadSim nomad;
    HttpServer proxy;
    final AtomicInteger liesLeft = new AtomicInteger();
    volatile String lie = "{}";

    @BeforeEach
    void start() throws IOException {
        nomad = NomadSim.builder().build().start();
        nomad.registerJob(JobFixtures.web());
        HttpClient forward = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> relay(exchange, forward));
        proxy.setExecutor(Executors.newCachedThreadPool());
        proxy.start();
    }

    /** Answers reads of job web with {@link #lie} while lies are left; forwards the other job endpoints to Nomad. */
    private void relay(HttpExchange exchange, HttpClient forward) throws IOException {
        try (exchange) {
            byte[] body;
            int status;
            if (exchange.getRequestURI().getPath().equals("/v1/event/stream")) {
                // a proxy that routes the job endpoints only: the service follows Nomad by polling behind it
                status = 404;
                body = "404 page not found".getBytes(StandardCharsets.UTF_8);
            } else if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/v1/job/web")
                    && liesLeft.getAndDecrement() > 0) {
                status = 200;
                body = lie.getBytes(StandardCharsets.UTF_8);
            } else {
                byte[] sent;
                try (InputStream in = exchange.getRequestBody()) {
                    sent = in.readAllBytes();
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(nomad.baseUrl().toString()
                        .replaceAll("/$", "") + exchange.getRequestURI())).timeout(Duration.ofSeconds(10))
                        .method(exchange.getRequestMethod(), sent.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(sent));
                HttpResponse<byte[]> answer = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().firstValue("X-Nomad-Index").ifPresent(i -> exchange.getResponseHeaders().add("X-Nomad-Index", i));
                status = answer.statusCode();
                body = answer.body();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        proxy.stop(0);
        nomad.close();
    }

    private URI proxyUrl() {
        return URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void answerThatIsNotTheJobIsABadAnswerToRetry(int which) {
        lie = LIES.get(which);
        liesLeft.set(1);
        NomadClient client = new NomadClient(new NomadConnection(proxyUrl(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(5), Optional.empty()));
        NomadException failure = catchThrowableOfType(NomadException.class, () -> client.readJob("default", "web"));
        assertThat(failure).isNotNull();
        assertThat(failure.error()).isInstanceOf(NomadError.BadAnswer.class);
        assertThat(failure.error().retryable()).isTrue();
        assertThat(failure.getMessage()).contains("read job web in namespace default").contains("is not job web");
    }

    @Test
    void pushIsAppliedOnceNomadAnswersWithTheJobAgain() throws Exception {
        lie = "{}";
        liesLeft.set(4);
        try (RunningDeployer service = RunningDeployer.start(dir, proxyUrl(), List.of())) {
            assertThat(service.push("team/web", "1.6.0")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(nomad.job("default", "web")
                    .orElseThrow().path("Meta").path("VERSION").asText()).isEqualTo("1.6.0"));
            service.awaitIdle();
            assertThat(liesLeft.get()).as("every lie was told").isLessThanOrEqualTo(0);
            assertThat(service.history("web")).extracting(entry -> entry.path("status").asText())
                    .containsExactly("registered");
        }
    }
}
