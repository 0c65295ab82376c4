package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.GZIPInputStream;

/**
 * Plays the registry: one event per POST, with the registry's headers, and event timestamps that strictly
 * increase so the service never sees a later push as older than an earlier one.
 */
public final class NotificationSender {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final ObjectMapper json;
    private final PushEnvelope envelope;
    private final URI callback;
    private Instant lastTimestamp = Instant.EPOCH; // guarded by this

    public NotificationSender(HttpClient http, ObjectMapper json, PushEnvelope envelope, URI serviceBase) {
        this.http = http;
        this.json = json;
        this.envelope = envelope;
        this.callback = serviceBase.resolve("/registry/callback");
    }

    /** One acknowledged push: {@link System#nanoTime()} when it was sent and when its whole answer was read. */
    public record Ack(long sentNanos, long answeredNanos) {
        public long latencyNanos() {
            return answeredNanos - sentNanos;
        }
    }

    /** Sends one push and returns how long the service took to acknowledge it, in nanoseconds. */
    public long send(String repository, String tag) {
        return push(repository, tag).latencyNanos();
    }

    /** Sends one push and returns when it was sent and acknowledged; safe to call from several threads. */
    public Ack push(String repository, String tag) {
        byte[] body = envelope.body(nextTimestamp(), BenchFleet.REGISTRY_HOST, repository, tag);
        HttpRequest request = HttpRequest.newBuilder(callback)
                .timeout(TIMEOUT)
                .header("Content-Type", PushEnvelope.MEDIA_TYPE)
                .header("User-Agent", "Go-http-client/1.1")
                .header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        byte[] answer;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            answer = read(response);
        } catch (IOException e) {
            throw new BenchFailure("push of " + repository + ":" + tag + " to " + callback + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while pushing " + repository + ":" + tag);
        }
        long answered = System.nanoTime();
        checkAccepted(repository, tag, response.statusCode(), answer);
        return new Ack(start, answered);
    }

    private void checkAccepted(String repository, String tag, int status, byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        if (status != 200) {
            throw new BenchFailure("push of " + repository + ":" + tag + " answered " + status + ": " + text);
        }
        try {
            JsonNode counts = json.readTree(answer);
            if (counts.path("accepted").asInt(-1) != 1) {
                throw new BenchFailure("push of " + repository + ":" + tag + " was not accepted: " + text);
            }
        } catch (IOException e) {
            throw new BenchFailure("push of " + repository + ":" + tag + " answered 200 without JSON: " + text);
        }
    }

    private static byte[] read(HttpResponse<InputStream> response) throws IOException {
        boolean gzip = response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
        try (InputStream in = gzip ? new GZIPInputStream(response.body()) : response.body()) {
            return in.readAllBytes();
        }
    }

    private synchronized Instant nextTimestamp() {
        Instant now = Instant.now();
        lastTimestamp = now.isAfter(lastTimestamp) ? now : lastTimestamp.plus(1, ChronoUnit.MICROS);
        return lastTimestamp;
    }
}
