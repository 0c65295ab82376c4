package dev.nomaddeployer.testbed.registry;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the registry's {@code notifications.endpoints}. The registry retries a failed event forever:
 * immediately until {@code threshold} consecutive failures, then once per {@code backoff}; an answer slower
 * than {@code timeout} is a failure.
 */
public record NotificationEndpoint(
        String name,
        URI url,
        Map<String, List<String>> headers,
        Duration timeout,
        int threshold,
        Duration backoff,
        List<String> ignoredActions) {

    public NotificationEndpoint {
        if (threshold < 1) {
            throw new IllegalArgumentException("notification threshold must be at least 1, got " + threshold);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(copy);
        ignoredActions = List.copyOf(ignoredActions);
    }
}
