package dev.nomaddeployer.testbed.go;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** JSON written the way Nomad's Go encoder writes it: compact, or indented by 4 with a final newline. */
public final class GoJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GoJson() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String encode(JsonNode node, boolean pretty) {
        if (!pretty) {
            return compact(node);
        }
        StringBuilder out = new StringBuilder();
        writePretty(node, out, 0);
        return out.append('\n').toString();
    }

    // Go's json.Indent: "key": value, empty containers stay "{}" / "[]".
    private static void writePretty(JsonNode node, StringBuilder out, int depth) {
        if (node.isObject() && node.size() > 0) {
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                indent(out, depth + 1);
                out.append(compact(NODES.textNode(field.getKey()))).append(": ");
                writePretty(field.getValue(), out, depth + 1);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        } else if (node.isArray() && node.size() > 0) {
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(out, depth + 1);
                writePretty(node.get(i), out, depth + 1);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        } else {
            out.append(compact(node));
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("    ".repeat(depth));
    }

    /** Nomad timestamps: Unix nanoseconds. */
    public static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Go's {@code time.Time} in JSON: RFC 3339 with nanoseconds, trailing zeros cut; 0 is Go's zero time. */
    public static String time(long unixNanos) {
        if (unixNanos == 0) {
            return "0001-01-01T00:00:00Z";
        }
        java.time.Instant at = java.time.Instant.ofEpochSecond(0, unixNanos);
        String seconds = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(at);
        String fraction = at.getNano() == 0 ? ""
                : "." + String.format("%09d", at.getNano()).replaceAll("0+$", "");
        return seconds + fraction + "Z";
    }
}
