package dev.nomaddeployer.testbed.go;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes a request body the way Go's encoding/json does for Nomad (nomad-api.md#body-decoding, #decode-errors): unknown keys are
 * dropped, keys match case-insensitively and are rewritten to the canonical Go name, the last duplicate
 * wins, bytes after the first value are ignored, and wrong types fail with Go's error text.
 * Only fields that were present (and not null) appear in the result. Failures are
 * {@link GoDecodeException}s carrying Go's text; the server answers them 400.
 */
public final class GoBodyDecoder {
    private static final Pattern JACKSON_CHAR = Pattern.compile("Unexpected character \\('(.)'");

    private GoBodyDecoder() {
    }

    public static ObjectNode decode(byte[] body, GoStruct type) {
        if (body.length == 0) {
            throw new GoDecodeException("Request body is empty");
        }
        JsonNode tree;
        try (JsonParser parser = GoJson.MAPPER.getFactory().createParser(body)) {
            tree = GoJson.MAPPER.readTree(parser);
        } catch (JsonEOFException e) {
            throw new GoDecodeException("unexpected EOF");
        } catch (JsonProcessingException e) {
            Matcher m = JACKSON_CHAR.matcher(e.getOriginalMessage());
            String ch = m.find() ? m.group(1) : "?";
            throw new GoDecodeException("invalid character '" + ch + "' looking for beginning of value");
        } catch (IOException e) {
            throw new GoDecodeException(e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new GoDecodeException("EOF");
        }
        if (!tree.isObject()) {
            throw new GoDecodeException("json: cannot unmarshal " + goKind(tree)
                    + " into Go value of type api." + type.goName());
        }
        return decodeStruct(type, (ObjectNode) tree, "");
    }

    /** Decodes an object already parsed elsewhere (jobs file, test API) with the same rules. */
    public static ObjectNode decodeStruct(GoStruct type, ObjectNode in, String path) {
        ObjectNode out = GoJson.object();
        Iterator<Map.Entry<String, JsonNode>> it = in.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            GoStruct.Field field = type.field(entry.getKey());
            if (field == null || entry.getValue().isNull()) {
                continue;
            }
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            JsonNode value = decodeValue(type, field, entry.getValue(), fieldPath);
            JsonNode previous = out.get(field.name());
            if (previous != null && previous.isObject() && value.isObject()) {
                // Go decodes a repeated struct key into the value already there
                ((ObjectNode) previous).setAll((ObjectNode) value);
            } else {
                out.set(field.name(), value);
            }
        }
        return out;
    }

    private static JsonNode decodeValue(GoStruct owner, GoStruct.Field field, JsonNode v, String path) {
        switch (field.kind()) {
            case STRING:
                expect(v.isTextual(), owner, field, v, path);
                return v;
            case BOOL:
                expect(v.isBoolean(), owner, field, v, path);
                return v;
            case INT:
            case DURATION:
                expect(v.isNumber(), owner, field, v, path);
                if (!v.isIntegralNumber() || (field.goType().startsWith("uint") && v.asLong() < 0)) {
                    throw typeError("number " + v.asText(), owner, field, path);
                }
                return GoJson.NODES.numberNode(v.asLong());
            case STRUCT:
                expect(v.isObject(), owner, field, v, path);
                return decodeStruct(field.struct(), (ObjectNode) v, path);
            case STRUCT_LIST: {
                expect(v.isArray(), owner, field, v, path);
                ArrayNode list = GoJson.NODES.arrayNode();
                for (JsonNode item : v) {
                    if (item.isNull()) {
                        list.addNull();
                        continue;
                    }
                    if (!item.isObject()) {
                        throw typeError(goKind(item), owner,
                                new GoStruct.Field(field.name(), field.kind(), "api." + field.struct().goName(),
                                        null, null), path);
                    }
                    list.add(decodeStruct(field.struct(), (ObjectNode) item, path));
                }
                return list;
            }
            case STRING_LIST:
                expect(v.isArray(), owner, field, v, path);
                for (JsonNode item : v) {
                    if (!item.isTextual() && !item.isNull()) {
                        throw typeError(goKind(item), owner, withType(field, "string"), path);
                    }
                }
                return v;
            case STRING_MAP:
                expect(v.isObject(), owner, field, v, path);
                for (JsonNode item : v) {
                    if (!item.isTextual() && !item.isNull()) {
                        throw typeError(goKind(item), owner, withType(field, "string"), path);
                    }
                }
                return v;
            case ANY_MAP:
                expect(v.isObject(), owner, field, v, path);
                return v;
            default:
                return v;
        }
    }

    private static GoStruct.Field withType(GoStruct.Field f, String goType) {
        return new GoStruct.Field(f.name(), f.kind(), goType, f.struct(), f.zero());
    }

    private static void expect(boolean ok, GoStruct owner, GoStruct.Field field, JsonNode v, String path) {
        if (!ok) {
            throw typeError(goKind(v), owner, field, path);
        }
    }

    private static GoDecodeException typeError(String value, GoStruct owner, GoStruct.Field field, String path) {
        return new GoDecodeException("json: cannot unmarshal " + value + " into Go struct field "
                + owner.goName() + "." + path + " of type " + field.goType());
    }

    private static String goKind(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        return v.isArray() ? "array" : "object";
    }
}
