package dev.nomaddeployer.testbed.nomad.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.RecordedRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /_sim/requests}: the simulator's own request records counted by client ({@code User-Agent}),
 * method, endpoint and status, for a program in another process (the benchmark) that cannot call
 * {@code requests()}. Not part of Nomad's API, hence outside {@code /v1}; it is neither recorded nor subject
 * to faults, so reading it changes nothing it reports.
 */
public final class RequestCounts {
    public static final String PATH = "/_sim/requests";

    /** One row of the answer; {@code endpoint} is the path with ids replaced by {@code :id}. */
    public record Key(String client, String method, String endpoint, int status) {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::client).thenComparing(Key::method)
                .thenComparing(Key::endpoint).thenComparingInt(Key::status);
    }

    private RequestCounts() {
    }

    public static Map<Key, Long> count(List<RecordedRequest> records) {
        Map<Key, Long> counts = new TreeMap<>(Key.ORDER);
        for (RecordedRequest r : records) {
            String client = r.headers().getOrDefault("User-Agent", "");
            counts.merge(new Key(client, r.method(), Routes.endpoint(r.path()), r.status()), 1L, Long::sum);
        }
        return counts;
    }

    static Reply reply(String method, List<RecordedRequest> records) {
        if (!method.equals("GET")) {
            return Reply.text(405, "only GET reads " + PATH, Map.of());
        }
        ObjectNode body = GoJson.object();
        ArrayNode rows = body.putArray("requests");
        count(records).forEach((key, n) -> rows.addObject().put("client", key.client()).put("method", key.method())
                .put("endpoint", key.endpoint()).put("status", key.status()).put("count", n));
        return Reply.json(body, false, Map.of());
    }
}
