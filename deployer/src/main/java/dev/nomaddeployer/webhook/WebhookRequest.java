package dev.nomaddeployer.webhook;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One delivery to {@code /webhooks/<source>} as a sender's parser and its proof check see it: the raw body (a
 * signature covers these exact bytes), the headers by lower-case name (first value), and the path's last segment
 * when the source takes its secret there.
 */
public record WebhookRequest(byte[] body, Map<String, String> headers, Optional<String> pathSecret,
                             Instant receivedAt) {
    public WebhookRequest {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lower);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
