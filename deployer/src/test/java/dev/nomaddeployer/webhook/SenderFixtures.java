package dev.nomaddeployer.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The senders' deliveries under {@code webhooks/<source>/<event>.json}, with the headers of {@code <event>.headers}
 * ({@code Name: value} lines) when the sender names the event in a header. Signatures are never in the files: a
 * test computes them over the exact bytes it sends.
 */
public final class SenderFixtures {
    public static final Instant RECEIVED = Instant.parse("2026-11-30T18:00:00Z");

    private SenderFixtures() {}

    public static byte[] body(String source, String event) {
        return resource(source, event + ".json").orElseThrow(() -> new IllegalArgumentException(
                "no fixture webhooks/" + source + "/" + event + ".json"));
    }

    /** The sidecar's headers in file order; empty when the event has none. */
    public static Map<String, String> headers(String source, String event) {
        Map<String, String> headers = new LinkedHashMap<>();
        resource(source, event + ".headers").ifPresent(bytes -> new String(bytes, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank()).forEach(line -> {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }));
        return headers;
    }

    /** The delivery as the sender makes it, received at {@link #RECEIVED}. */
    public static WebhookRequest request(String source, String event) {
        return new WebhookRequest(body(source, event), headers(source, event), Optional.empty(), RECEIVED);
    }

    private static Optional<byte[]> resource(String source, String file) {
        try (InputStream in = SenderFixtures.class.getResourceAsStream("/webhooks/" + source + "/" + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
