package dev.nomaddeployer.testbed.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink on its own, driven by a plain HTTP client instead of a registry. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NotificationSinkTest {
    private static final String ENVELOPE = "{\"events\":[{\"id\":\"e1\",\"action\":\"push\",\"target\":{\"tag\":\"1.0.0\"}}]}";

    private final NotificationSink sink = NotificationSink.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void recordsHeadersAndParsedBodyOfEveryPost() throws Exception {
        int status = post(ENVELOPE);

        ReceivedNotification received = sink.received().get(0);
        assertThat(status).isEqualTo(200);
        assertThat(received.header("content-type")).contains("application/vnd.docker.distribution.events.v1+json");
        assertThat(received.header("X-Secret")).contains("s3cret");
        assertThat(received.events()).singleElement().satisfies(event -> assertThat(event.path("id").asText()).isEqualTo("e1"));
    }

    @Test
    void answersTheProgrammedFailureForTheNextPostsOnly() throws Exception {
        sink.failNext(2, 503);

        assertThat(new int[] {post(ENVELOPE), post(ENVELOPE), post(ENVELOPE)}).containsExactly(503, 503, 200);
        assertThat(sink.acceptedEvents()).hasSize(1);
        assertThat(sink.events()).hasSize(3);
    }

    @Test
    void answersTheProgrammedFailureUntilTheWindowCloses() throws Exception {
        sink.failFor(Duration.ofMinutes(1), 500);
        int during = post(ENVELOPE);
        sink.failFor(Duration.ZERO, 500);

        assertThat(during).isEqualTo(500);
        assertThat(post(ENVELOPE)).isEqualTo(200);
    }

    @Test
    void bodyThatIsNotJsonIsKeptRawWithoutEvents() throws Exception {
        post("not json");

        ReceivedNotification received = sink.received().get(0);
        assertThat(received.rawBody()).isEqualTo("not json");
        assertThat(received.events()).isEmpty();
    }

    @Test
    void awaitThatTimesOutListsWhatDidArrive() throws Exception {
        post(ENVELOPE);

        assertThatThrownBy(() -> sink.await(received -> received.size() > 1, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("received 1")
                .hasMessageContaining("e1 push");
    }

    @Test
    void nonPostRequestsAreRefusedAndNotRecorded() throws Exception {
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(sink.url()).GET().timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(sink.received()).isEmpty();
    }

    private int post(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(sink.url())
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .header("X-Secret", "s3cret")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
