package dev.nomaddeployer.testbed.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Reads chromedriver's performance log: one DevTools event per entry, as {@code {"message":{"method":…,"params":…}}}. */
final class NetworkLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_SENT = "Network.requestWillBeSent";

    private NetworkLog() {
    }

    /** The URL a page asked for, if {@code entry} is the event of a request about to be sent. */
    static Optional<String> requestedUrl(String entry) {
        JsonNode message;
        try {
            message = JSON.readTree(entry).path("message");
        } catch (IOException e) {
            throw new UncheckedIOException("chromedriver wrote a performance log entry that is not JSON: " + entry, e);
        }
        if (!REQUEST_SENT.equals(message.path("method").asText())) {
            return Optional.empty();
        }
        String url = message.path("params").path("request").path("url").asText("");
        return url.isEmpty() ? Optional.empty() : Optional.of(url);
    }

    /**
     * Same scheme, host and port (a missing port being the scheme's default), as the browser's origin rule; a URL
     * that is no valid URI (a {@code data:} URL with raw markup, say) has no origin in common with any.
     */
    static boolean sameOrigin(String requested, URI origin) {
        URI url;
        try {
            url = new URI(requested);
        } catch (URISyntaxException e) {
            return false;
        }
        return Objects.equals(lower(url.getScheme()), lower(origin.getScheme()))
                && Objects.equals(lower(url.getHost()), lower(origin.getHost()))
                && port(url) == port(origin);
    }

    private static String lower(String part) {
        return part == null ? null : part.toLowerCase(Locale.ROOT);
    }

    private static int port(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return switch (String.valueOf(lower(url.getScheme()))) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }
}
