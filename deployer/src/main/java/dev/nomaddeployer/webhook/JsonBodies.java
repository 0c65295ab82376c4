package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.registry.JsonPayload;
import dev.nomaddeployer.registry.NotificationBatch;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/** Reading senders' JSON: one parser, and field access that treats a missing, empty or non-text value as absent. */
final class JsonBodies {
    private JsonBodies() {}

    /** {@code reader} applied to the body's JSON object; malformed, saying why, when the body is none. */
    static NotificationBatch read(byte[] body, Function<JsonNode, NotificationBatch> reader) {
        return JsonPayload.read(body, reader);
    }

    /** The body's JSON object, for reading what is not a delivery's pushes (a callback's address). */
    static Optional<JsonNode> object(byte[] body) {
        return JsonPayload.object(body);
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.textValue().isEmpty() ? Optional.of(value.textValue())
                : Optional.empty();
    }

    /**
     * A time written as seconds since the epoch (an integer, or a number with a fraction or an exponent, as Docker Hub
     * has written it; the fraction is dropped), within what {@link Instant} holds; empty otherwise.
     */
    static Optional<Instant> epochSeconds(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isNumber() || !value.canConvertToLong()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(value.longValue()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The RFC 3339 time in {@code field} ({@code 2026-12-01T20:00:00.123Z}, any offset); {@code absent} (which may be
     * null) when the field is missing or empty; empty when it holds something else, which the caller refuses.
     */
    static Optional<Instant> rfc3339(JsonNode node, String field, Instant absent) {
        Optional<String> text = text(node, field);
        if (text.isEmpty()) {
            return Optional.ofNullable(absent);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The host[:port] of a URL ({@code https://ghcr.io}) or of a reference's first segment ({@code ghcr.io/org/app}). */
    static Optional<String> host(String urlOrReference) {
        if (urlOrReference == null || urlOrReference.isEmpty()) {
            return Optional.empty();
        }
        if (urlOrReference.contains("://")) {
            try {
                return Optional.ofNullable(new URI(urlOrReference).getRawAuthority());
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        int slash = urlOrReference.indexOf('/');
        return slash <= 0 ? Optional.empty() : Optional.of(urlOrReference.substring(0, slash));
    }
}
