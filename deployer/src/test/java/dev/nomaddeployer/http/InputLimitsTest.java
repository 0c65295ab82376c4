package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the callback does with requests that are too big, too slow or not what the registry sends. */
@Timeout(20)
class InputLimitsTest {
    private static final int MAX_BODY = 4096;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(8);

    @TempDir
    static Path dir;
    private static Listener listener;

    @BeforeAll
    @Timeout(20)
    static void start() throws Exception {
        listener = Listener.start(dir, Listener.withLimits(MAX_BODY, READ_TIMEOUT));
    }

    @AfterAll
    @Timeout(20)
    static void stop() throws Exception {
        Listener.closeAll(listener);
    }

    private static byte[] padded(int size) {
        String push = new String(Notification.push(), StandardCharsets.UTF_8);
        // JSON allows any amount of whitespace after the value: a valid envelope of exactly the wanted size
        return (push + " ".repeat(size - push.length())).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bodyDeclaredLargerThanTheLimitIsRefusedWith413() throws Exception {
        long before = listener.lastSeq();
        byte[] body = padded(MAX_BODY + 1);
        try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            RawHttp.Reply reply = http.send(RawHttp.callbackHead("Content-Length: " + body.length)).send(body).read();

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body()).contains("server.max_body_bytes");
        }
        assertThat(listener.storedAfter(before)).isEmpty();
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() throws Exception {
        assertThat(listener.notify(padded(MAX_BODY)).statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        long before = listener.lastSeq();
        try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            RawHttp.Reply reply = http.send(RawHttp.callbackHead("Transfer-Encoding: chunked"))
                    .send(RawHttp.chunked(padded(MAX_BODY + 1), 1000)).read();

            assertThat(reply.status()).isEqualTo(413);
        }
        assertThat(listener.storedAfter(before)).isEmpty();
    }

    @Test
    void endlessChunkedBodyIsCutOffAtTheLimit() throws Exception {
        try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            http.send(RawHttp.callbackHead("Transfer-Encoding: chunked"));
            byte[] chunk = RawHttp.chunked(new byte[1024], 1024);
            byte[] withoutEnd = Arrays.copyOf(chunk, chunk.length - "0\r\n\r\n".length());
            for (int i = 0; i < MAX_BODY / 1024 + 1; i++) {
                http.send(withoutEnd);
            }

            assertThat(http.read().status()).isEqualTo(413);
        }
    }

    @Test
    void chunkedBodyWithinTheLimitIsStored() throws Exception {
        long before = listener.lastSeq();
        try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            RawHttp.Reply reply = http.send(RawHttp.callbackHead("Transfer-Encoding: chunked"))
                    .send(RawHttp.chunked(Notification.push(), 100)).read();

            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(listener.storedAfter(before)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonx"})
    void otherContentTypesAreRefusedWith415(String type) throws Exception {
        HttpResponse<String> response = listener.client.send(HttpRequest.newBuilder(listener.uri("/registry/callback"))
                .timeout(CLIENT_TIMEOUT).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Notification.push())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains(Listener.EVENTS_TYPE, type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                  | body is not a JSON object",
            "{\"events\": {}}                    | missing \"events\" array",
            "{\"evnts\": []}                     | missing \"events\" array",
            "{\"events\": [1]}                   | event 1: not a JSON object",
            "{\"events\": [{\"action\":\"push\"}]} | event 1: missing id",
            "{\"events\": []} {}                 | body is not JSON",
            "{\"events\": [                      | body is not JSON",
            "'   '                               | body is not a JSON object"})
    void bodyThatIsNotAnEnvelopeIsRefusedWith400SayingWhy(String body, String reason) throws Exception {
        HttpResponse<String> response = listener.notify(body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("malformed notification: ").contains(reason);
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                Arguments.of("team/web", "-leading-dash"), Arguments.of("team/web", ".leading-dot"),
                Arguments.of("team/web", "tag with space"), Arguments.of("team/web", "täg"),
                Arguments.of("team/web", "tag/slash"), Arguments.of("team/web", "tag:colon"),
                Arguments.of("team/web", "1.0\n"), Arguments.of("team/web", "1.0\u0000"),
                Arguments.of("team/web", "t".repeat(129)), Arguments.of("Team/Web", "1.0"),
                Arguments.of("team//web", "1.0"), Arguments.of("/team/web", "1.0"), Arguments.of("team/web/", "1.0"),
                Arguments.of("team/web@x", "1.0"), Arguments.of("team/web\u0000", "1.0"),
                Arguments.of("team/web\n", "1.0"), Arguments.of("a/".repeat(127) + "ab", "1.0"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void pushWithAnInvalidNameNeverReachesTheInbox(String repository, String tag) throws Exception {
        long before = listener.lastSeq();

        HttpResponse<String> response = listener.notify(Notification.push(repository, tag));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ignored\":1");
        assertThat(listener.storedAfter(before)).isEmpty();
    }

    @Test
    void oversizedHeadersAreRefusedWith431() throws Exception {
        try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            RawHttp.Reply reply = http.send(RawHttp.callbackHead(
                    "X-Padding: " + "p".repeat(WebServer.MAX_REQUEST_HEADER_BYTES), "Content-Length: 0")).read();

            assertThat(reply.status()).isEqualTo(431);
        }
    }

    @Test
    void overlongUriIsRefusedWith414() throws Exception {
        try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            RawHttp.Reply reply = http.send("GET /health?" + "q".repeat(WebServer.MAX_REQUEST_HEADER_BYTES)
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").read();

            assertThat(reply.status()).isEqualTo(414);
        }
    }

    @Test
    void bodyThatTricklesPastTheReadTimeoutIsCutOffWith408() throws Exception {
        long before = listener.lastSeq();
        // at one byte per pause this body would take minutes; only the read deadline can end it within the test
        byte[] body = padded(MAX_BODY);
        long started = System.nanoTime();
        try (RawHttp http = new RawHttp(listener.port(), CLIENT_TIMEOUT)) {
            http.send(RawHttp.callbackHead("Content-Length: " + body.length, "Expect: 100-continue"));
            assertThat(http.read().status()).isEqualTo(100);
            int sent = 0;
            while (sent < body.length && !http.hasUnreadReply()) {
                try {
                    http.send(new byte[] {body[sent]});
                } catch (java.io.IOException closedAfterReplying) {
                    break;
                }
                sent++;
                // Pacing, not waiting: a byte every 100 ms keeps the connection from ever being idle for the
                // read timeout. A busy machine only stretches the pauses, which cannot make the test fail.
                Thread.sleep(100);
            }
            RawHttp.Reply reply = http.read();

            assertThat(sent).as("body bytes sent before the answer").isLessThan(body.length);
            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.body()).contains("server.timeout.read");
        }
        // a lower bound, which load cannot break: the deadline counts from the start of the request
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(READ_TIMEOUT);
        assertThat(listener.storedAfter(before)).isEmpty();
    }

    @Test
    void slowClientsDoNotKeepOthersWaiting(@TempDir Path ownDir) throws Exception {
        // An hour to read a request: a push that had to wait for a stalled body's worker thread would not be
        // answered before this class's @Timeout fails the test, and every stalled body is still pending when
        // the push is answered, however slow the machine.
        List<RawHttp> slow = new ArrayList<>();
        try (Listener patient = Listener.start(ownDir, Listener.withLimits(MAX_BODY, Duration.ofHours(1)))) {
            try {
                stallMoreBodiesThanWorkerThreads(patient, slow);

                HttpResponse<String> response = patient.notify(Notification.push());

                assertThat(response.statusCode()).isEqualTo(200);
                for (RawHttp http : slow) {
                    assertThat(http.hasUnreadReply()).as("a stalled body was answered").isFalse();
                }
                assertThat(patient.stored()).hasSize(1);
            } finally {
                for (RawHttp http : slow) {
                    http.close();
                }
            }
        }
    }

    @Test
    void everyStalledBodyIsCutOffWith408() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        try {
            stallMoreBodiesThanWorkerThreads(listener, slow);

            for (RawHttp http : slow) {
                assertThat(http.read().status()).isEqualTo(408);
            }
        } finally {
            for (RawHttp http : slow) {
                http.close();
            }
        }
    }

    /** 40 requests whose handlers wait for the rest of a body that never comes: more than there are workers. */
    private static void stallMoreBodiesThanWorkerThreads(Listener target, List<RawHttp> slow) throws Exception {
        for (int i = 0; i < 40; i++) {
            RawHttp http = new RawHttp(target.port(), CLIENT_TIMEOUT);
            slow.add(http);
            http.send(RawHttp.callbackHead("Content-Length: 100", "Expect: 100-continue"));
        }
        for (RawHttp http : slow) {
            assertThat(http.read().status()).isEqualTo(100); // its handler is now waiting for the body
            http.send("{");
        }
    }
}
