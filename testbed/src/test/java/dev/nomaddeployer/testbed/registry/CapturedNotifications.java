package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The real registry's POSTs captured in {@code fixtures/registry/*.json}, and a way to compare shapes with them. */
final class CapturedNotifications {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CapturedNotifications() {
    }

    static JsonNode load(String fixture) {
        String resource = "/fixtures/registry/" + fixture;
        try (InputStream in = CapturedNotifications.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + resource + " is not on the test classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + resource, e);
        }
    }

    static List<JsonNode> events(String fixture) {
        List<JsonNode> events = new ArrayList<>();
        load(fixture).forEach(post -> post.path("body").path("events").forEach(events::add));
        return events;
    }

    /** The headers of the first captured POST, by lower-case name. */
    static Map<String, String> headers(String fixture) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        load(fixture).get(0).path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    /**
     * The structure of a JSON value with the values themselves replaced by their JSON type, so a live event and
     * a captured one compare equal when they have the same keys, nesting and types, whatever the ids and digests.
     */
    static JsonNode shape(JsonNode node) {
        if (node.isObject()) {
            ObjectNode shape = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> shape.set(name, shape(node.get(name))));
            return shape;
        }
        if (node.isArray()) {
            var shape = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> shape.add(shape(element)));
            return shape;
        }
        return JsonNodeFactory.instance.textNode(node.getNodeType().name());
    }

    /** What a receiver tells events apart by: action, kind of target, whether it is tagged, and the HTTP method. */
    static String summary(JsonNode event) {
        JsonNode target = event.path("target");
        return event.path("action").asText() + " " + target.path("mediaType").asText()
                + (target.has("tag") ? " tagged" : " untagged") + " by " + event.path("request").path("method").asText();
    }
}
