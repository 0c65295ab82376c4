package dev.nomaddeployer.testbed.nomad.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.testbed.go.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete HTTP answer. */
record Reply(int status, Map<String, String> headers, byte[] body) {

    static Reply json(JsonNode node, boolean pretty, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new Reply(200, all, GoJson.encode(node, pretty).getBytes(StandardCharsets.UTF_8));
    }

    /** nomad-api.md#error-bodies: errors are the bare message as text/plain, no trailing newline. */
    static Reply text(int status, String message, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "text/plain; charset=utf-8");
        return new Reply(status, all, message.getBytes(StandardCharsets.UTF_8));
    }

    /** nomad-api.md#routing-errors: an unknown path is a 404 with no body at all. */
    static Reply emptyNotFound() {
        return new Reply(404, Map.of(), new byte[0]);
    }
}
