package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's Nomad requests as nomad-sim counted them ({@code GET /_sim/requests}), by {@code "METHOD
 * endpoint"} ({@code "GET /v1/job/:id"}); {@code failed} holds those whose answer was not 2xx, by
 * {@code "METHOD endpoint status"} (status 0: the connection was dropped). Requests the benchmark itself made
 * (its own {@code User-Agent}) are left out.
 */
public record RequestTally(Map<String, Long> byEndpoint, Map<String, Long> failed) {
    public static final String LIST = "GET /v1/jobs";
    public static final RequestTally NONE = new RequestTally(Map.of(), Map.of());

    public RequestTally {
        byEndpoint = Map.copyOf(byEndpoint);
        failed = Map.copyOf(failed);
    }

    /** Reads the simulator's answer, leaving out every row of {@code ownClient}. */
    public static RequestTally fromSimulator(JsonNode answer, String ownClient) {
        JsonNode rows = answer.path("requests");
        if (!rows.isArray()) {
            throw new BenchFailure("nomad-sim's request counts hold no \"requests\" array: " + answer);
        }
        Map<String, Long> all = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        for (JsonNode row : rows) {
            if (row.path("client").asText().equals(ownClient)) {
                continue;
            }
            String endpoint = row.path("method").asText() + " " + row.path("endpoint").asText();
            long count = row.path("count").asLong();
            int status = row.path("status").asInt();
            all.merge(endpoint, count, Long::sum);
            if (status < 200 || status > 299) {
                failed.merge(endpoint + " " + status, count, Long::sum);
            }
        }
        return new RequestTally(all, failed);
    }

    /** What was asked between {@code earlier} and this tally. */
    public RequestTally minus(RequestTally earlier) {
        return new RequestTally(subtract(byEndpoint, earlier.byEndpoint), subtract(failed, earlier.failed));
    }

    public long total() {
        return byEndpoint.values().stream().mapToLong(Long::longValue).sum();
    }

    public long of(String endpoint) {
        return byEndpoint.getOrDefault(endpoint, 0L);
    }

    /** Requests per push by endpoint, rounded to 3 decimals; empty for no pushes. */
    public Map<String, Double> perPush(int pushes) {
        Map<String, Double> per = new TreeMap<>();
        if (pushes > 0) {
            byEndpoint.forEach((endpoint, n) -> per.put(endpoint, Math.round(n * 1000.0 / pushes) / 1000.0));
        }
        return per;
    }

    private static Map<String, Long> subtract(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> delta = new TreeMap<>();
        now.forEach((key, n) -> {
            long d = n - before.getOrDefault(key, 0L);
            if (d != 0) {
                delta.put(key, d);
            }
        });
        return delta;
    }
}
