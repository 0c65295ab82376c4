package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One POST the {@link NotificationSink} received, and what it answered. {@code body} is a
 * {@code MissingNode} when the body was not JSON; {@code rawBody} always has the text.
 */
public record ReceivedNotification(
        Instant receivedAt,
        String path,
        Map<String, List<String>> headers,
        String rawBody,
        JsonNode body,
        int answeredStatus) {

    public ReceivedNotification {
        // HTTP header names are case-insensitive, and the JDK server rewrites their case
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).filter(values -> !values.isEmpty()).map(values -> values.get(0));
    }

    /** The envelope's events; usually one, but a receiver must accept several. */
    public List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        body.path("events").forEach(events::add);
        return events;
    }

    public boolean accepted() {
        return answeredStatus >= 200 && answeredStatus < 300;
    }
}
