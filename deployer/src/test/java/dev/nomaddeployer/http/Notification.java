package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.registry.Captures;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Notification bodies for tests: the real registry's captures, and one push varied from them. */
final class Notification {
    static final ObjectMapper JSON = Captures.JSON;
    static final List<String> CAPTURE_FILES = List.of("first-push-then-second-tag.json", "pull-inspect.json",
            "push-multiarch-index.json", "push-v2s2-new-repo.json", "repush-same-tag.json", "retry-on-500.json");

    private Notification() {
    }

    /** Every body the registry POSTed in every capture, in file order. */
    static List<ObjectNode> capturedBodies() {
        List<ObjectNode> bodies = new ArrayList<>();
        for (String file : CAPTURE_FILES) {
            bodies.addAll(Captures.bodies(file));
        }
        return bodies;
    }

    /** The captured push of {@code team/web:3.1.0}, under a fresh event id, with another tag and repository. */
    static byte[] push(String repository, String tag) {
        ObjectNode body = capturedBodies().stream()
                .filter(b -> b.path("events").path(0).path("target").path("tag").asText().equals("3.1.0"))
                .findFirst().orElseThrow().deepCopy();
        ObjectNode event = (ObjectNode) body.get("events").get(0);
        event.put("id", UUID.randomUUID().toString());
        ((ObjectNode) event.get("target")).put("repository", repository).put("tag", tag);
        return bytes(body);
    }

    static byte[] push() {
        return push("team/web", "3.1.0");
    }

    static byte[] bytes(JsonNode node) {
        return Captures.bytes(node);
    }
}
