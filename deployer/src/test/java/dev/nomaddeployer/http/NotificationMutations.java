package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Turns the real registry's notification bodies into hostile ones: fields deleted, duplicated and retyped,
 * names replaced by strings built to slip past a sloppy grammar check, huge and deeply nested values, and at the
 * byte level truncation, flipped bytes and broken UTF-8. Each call starts from a random captured body.
 */
final class NotificationMutations {
    private static final List<ObjectNode> CAPTURED = Notification.capturedBodies();
    /** The captures with a tag push; half the mutations start from one so that some outcomes get stored. */
    private static final List<ObjectNode> TAG_PUSHES = CAPTURED.stream()
            .filter(body -> body.path("events").findValues("tag").size() > 0
                    && body.path("events").path(0).path("action").asText().equals("push"))
            .toList();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NAME_FIELDS = List.of("target.tag", "target.repository", "request.host",
            "timestamp", "id", "target.url", "target.mediaType", "action", "target.digest", "actor.name");
    /** Strings that are almost valid, or valid only to a check that folds case or accepts Unicode. */
    private static final List<String> NASTY = List.of("", " ", "latest", "1.0.0", "-1", ".1", "_1", "a..b", "a__b",
            "a___b", "a--b", "a/b", "a//b", "/a", "a/", "A", "Team/App", "team/app:1.0", "team/app@sha256:abc",
            "1.0\n", "\n1.0", "1.0\u0000", "\u0000", "1.0 ", "\t", "\u212Aelvin", "\u0130stanbul", "\u0131",
            "\uFB00", "\u0661\u0662", "\uD835\uDFD8", "\uD800", "\uDFFF", "e\u0301", "\u202Egnp.exe", "\u200B",
            "\uFF41", "${NOMAD_META_VERSION}", "%2e%2e", "../../etc/passwd", "<script>", "' OR 1=1 --",
            "2026-11-25T00:27:22Z", "2026-13-45T99:99:99Z", "0000-01-01T00:00:00+25:00", "+1000000000-01-01T00:00Z",
            "9".repeat(400), "a".repeat(127), "a".repeat(128), "a".repeat(129), "a".repeat(255), "a".repeat(256),
            "a/".repeat(127) + "a", "[::1]:5000", "127.0.0.1:5055", "host name", "h\u00F6st");
    private static final String DEEP_MARKER = "deep-nesting-goes-here";
    private static final String DEEP = "\"" + DEEP_MARKER + "\"";
    private static final String NAME_CHARS = "abcz019._-/:@AZ \u00E9\u212A";

    private NotificationMutations() {
    }

    static byte[] mutate(Random random) {
        List<ObjectNode> from = random.nextBoolean() ? TAG_PUSHES : CAPTURED;
        ObjectNode body = from.get(random.nextInt(from.size())).deepCopy();
        int treeMutations = 1 + random.nextInt(3);
        for (int i = 0; i < treeMutations; i++) {
            mutateTree(body, random);
        }
        byte[] bytes = Notification.bytes(body);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains(DEEP)) {
            // Jackson refuses to write this deep, so it is spliced into the text
            bytes = text.replace(DEEP, deepNesting(random)).getBytes(StandardCharsets.UTF_8);
        }
        return random.nextInt(4) == 0 ? mutateBytes(bytes, random) : bytes;
    }

    private static void mutateTree(ObjectNode body, Random random) {
        switch (random.nextInt(10)) {
            case 0 -> deleteField(body, random);
            case 1 -> retypeField(body, random);
            case 2, 3 -> setName(body, random, nasty(random));
            case 4 -> setName(body, random, randomName(random));
            case 5 -> duplicateEvent(body, random);
            case 6 -> replaceValue(body, random, NODES.textNode(DEEP_MARKER));
            // three of these stay under the listener's default body limit, which InputLimitsTest covers
            case 7 -> setName(body, random, "x".repeat(1 + random.nextInt(300_000)));
            case 8 -> setName(body, random, randomUnicode(random));
            default -> freshPush(body, random);
        }
    }

    /** New event ids, so the store is exercised too, and half the time a name that should be accepted. */
    private static void freshPush(ObjectNode body, Random random) {
        if (body.get("events") instanceof ArrayNode events) {
            events.forEach(event -> {
                if (event instanceof ObjectNode object) {
                    object.put("id", UUID.randomUUID().toString());
                }
            });
        }
        ObjectNode event = randomEvent(body, random);
        if (event != null && event.get("target") instanceof ObjectNode target) {
            String field = random.nextBoolean() ? "tag" : "repository";
            target.put(field, random.nextBoolean() ? randomName(random) : validName(field, random));
        }
    }

    private static String validName(String field, Random random) {
        String component = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        return field.equals("tag") ? "v" + component + "." + random.nextInt(100) : "team/" + component + "_x";
    }

    private static void deleteField(ObjectNode body, Random random) {
        ObjectNode node = randomObject(body, random);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        if (!names.isEmpty()) {
            node.remove(names.get(random.nextInt(names.size())));
        }
    }

    private static void retypeField(ObjectNode body, Random random) {
        ObjectNode node = randomObject(body, random);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        if (!names.isEmpty()) {
            node.set(names.get(random.nextInt(names.size())), randomValue(random));
        }
    }

    private static void replaceValue(ObjectNode body, Random random, JsonNode value) {
        if (random.nextInt(5) == 0) {
            body.set("events", value);
            return;
        }
        ObjectNode node = randomObject(body, random);
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        node.set(names.isEmpty() ? "x" : names.get(random.nextInt(names.size())), value);
    }

    private static void setName(ObjectNode body, Random random, String value) {
        ObjectNode event = randomEvent(body, random);
        if (event == null) {
            return;
        }
        String[] path = NAME_FIELDS.get(random.nextInt(NAME_FIELDS.size())).split("\\.");
        ObjectNode parent = event;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(path[i]);
        }
        parent.put(path[path.length - 1], value);
    }

    private static void duplicateEvent(ObjectNode body, Random random) {
        ObjectNode event = randomEvent(body, random);
        if (event != null && body.get("events") instanceof ArrayNode events) {
            ObjectNode copy = event.deepCopy();
            if (random.nextBoolean()) {
                copy.put("id", UUID.randomUUID().toString());
            }
            events.add(copy);
        }
    }

    private static String deepNesting(Random random) {
        int depth = 1 + random.nextInt(5_000);
        boolean arrays = random.nextBoolean();
        return (arrays ? "[" : "{\"tag\":").repeat(depth) + "\"1.0\"" + (arrays ? "]" : "}").repeat(depth);
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * 1e300);
            case 4 -> NODES.arrayNode().add(nasty(random));
            case 5 -> NODES.objectNode().put("tag", nasty(random));
            case 6 -> NODES.textNode(nasty(random));
            default -> NODES.arrayNode();
        };
    }

    private static String nasty(Random random) {
        return NASTY.get(random.nextInt(NASTY.size()));
    }

    private static String randomName(Random random) {
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 20);
        for (int i = 0; i < length; i++) {
            name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return name.toString();
    }

    private static String randomUnicode(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            // any UTF-16 unit, lone surrogates included; Jackson must cope with what it cannot encode
            text.append((char) random.nextInt(Character.MAX_VALUE + 1));
        }
        return text.toString();
    }

    private static ObjectNode randomEvent(ObjectNode body, Random random) {
        JsonNode events = body.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            return null;
        }
        JsonNode event = events.get(random.nextInt(events.size()));
        return event instanceof ObjectNode object ? object : null;
    }

    /** Any object node in the tree, the root included. */
    private static ObjectNode randomObject(ObjectNode body, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(body, objects);
        return objects.get(random.nextInt(objects.size()));
    }

    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            collect(children.next(), objects);
        }
    }

    private static byte[] mutateBytes(byte[] bytes, Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            case 1 -> {
                byte[] flipped = bytes.clone();
                for (int i = 1 + random.nextInt(5); i > 0 && flipped.length > 0; i--) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return flipped;
            }
            case 2 -> {
                // a second "tag" key before or after the real one; JSON leaves the outcome to the parser
                String text = new String(bytes, StandardCharsets.UTF_8);
                String duplicate = "\"tag\":\"" + (random.nextBoolean() ? "-bad" : "ok") + "\",";
                int at = text.indexOf("\"tag\":");
                return at < 0 ? bytes : (text.substring(0, at) + duplicate + text.substring(at))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                ByteArrayOutputStream broken = new ByteArrayOutputStream();
                int at = random.nextInt(bytes.length + 1);
                broken.write(bytes, 0, at);
                byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
                broken.writeBytes(invalid[random.nextInt(invalid.length)]);
                broken.write(bytes, at, bytes.length - at);
                return broken.toByteArray();
            }
        }
    }
}
