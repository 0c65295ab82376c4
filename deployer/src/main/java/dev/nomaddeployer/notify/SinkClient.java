package dev.nomaddeployer.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends one notice to one sink over HTTP, within a time limit, and says what came of it. Reasons name the status
 * or the kind of failure, never the URL: an incoming-webhook URL is a credential.
 */
public final class SinkClient {
    public static final String DELIVERY_HEADER = "X-Nomad-Deployer-Delivery";
    public static final String EVENT_HEADER = "X-Nomad-Deployer-Event";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    private final Sink sink;
    private final Optional<URI> nomadUi;
    private final Duration timeout;
    private final HttpClient http;
    private final URI url;

    public SinkClient(Sink sink, Optional<URI> nomadUi, Duration timeout) {
        this.sink = sink;
        this.nomadUi = nomadUi;
        this.timeout = timeout;
        this.url = URI.create(sink.url());
        // redirects are not followed: a webhook that moved is refused, and the signed body never goes elsewhere
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The exact bytes sent for {@code delivery}: what the signature covers. */
    byte[] body(NoticeOutbox.Delivery delivery) {
        ObjectNode message = switch (sink.type()) {
            case WEBHOOK -> WebhookMessage.render(delivery, nomadUi);
            case SLACK -> SlackMessage.render(delivery, nomadUi);
            case TEAMS -> TeamsMessage.render(delivery, nomadUi);
        };
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
        }
    }

    public SendResult send(NoticeOutbox.Delivery delivery) {
        byte[] body = body(delivery);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "nomad-deployer")
                .header(DELIVERY_HEADER, String.valueOf(delivery.id()))
                .header(EVENT_HEADER, delivery.notice().kind().label())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        sink.secret().ifPresent(secret -> request.header(Signature.HEADER, Signature.of(body, secret)));
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            return new SendResult.Retry("no answer within " + timeout.toMillis() + " ms", Optional.empty());
        } catch (IOException e) {
            return new SendResult.Retry("cannot reach the sink (" + e.getClass().getSimpleName() + ")", Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Retry("interrupted while sending", Optional.empty());
        }
        return judge(response.statusCode(), response.headers().firstValue("Retry-After"));
    }

    /** 2xx delivered; 408, 429 and 5xx later; any other status refuses this notice for good. */
    static SendResult judge(int status, Optional<String> retryAfter) {
        if (status >= 200 && status < 300) {
            return new SendResult.Delivered(status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new SendResult.Retry("the sink answered " + status, retryAfter.flatMap(SinkClient::seconds));
        }
        return new SendResult.Refused("the sink answered " + status);
    }

    private static Optional<Duration> seconds(String text) {
        try {
            long seconds = Long.parseLong(text.strip());
            return seconds < 0 ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(Math.min(seconds, LONGEST_RETRY_AFTER.toSeconds())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: our own backoff serves as well
        }
    }
}
