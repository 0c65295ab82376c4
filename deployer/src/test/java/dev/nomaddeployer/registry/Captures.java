package dev.nomaddeployer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.PushEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The real registry's notification POSTs captured in fixtures/registry/ (a list of {headers, body}); the one
 * place tests load them and build envelopes from them.
 */
public final class Captures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Captures() {
    }

    /** Every POSTed body of a capture file, in order. */
    public static List<ObjectNode> bodies(String file) {
        String path = "/fixtures/registry/" + file;
        try (InputStream in = Captures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            List<ObjectNode> bodies = new ArrayList<>();
            for (JsonNode post : JSON.readTree(in)) {
                bodies.add((ObjectNode) post.get("body"));
            }
            return bodies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first event of the first tagged manifest push in a capture file, to vary in tests. */
    public static ObjectNode taggedPushEvent(String file) {
        for (ObjectNode body : bodies(file)) {
            for (JsonNode event : body.get("events")) {
                if (event.path("target").has("tag") && event.path("action").asText().equals("push")) {
                    return (ObjectNode) event.deepCopy();
                }
            }
        }
        throw new IllegalStateException(file + " has no tagged push");
    }

    public static ObjectNode envelope(JsonNode... events) {
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode array = envelope.putArray("events");
        for (JsonNode event : events) {
            array.add(event);
        }
        return envelope;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
