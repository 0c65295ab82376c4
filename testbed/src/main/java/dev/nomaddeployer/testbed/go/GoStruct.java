package dev.nomaddeployer.testbed.go;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Locale;

/**
 * The part of a Go struct the simulator needs: field names in declaration order (that order is the
 * JSON key order Nomad answers with), the Go type for decoder error texts, and the zero value.
 */
public record GoStruct(String goName, List<Field> fields) {

    public enum Kind { STRING, INT, BOOL, DURATION, STRUCT, STRUCT_LIST, STRING_LIST, STRING_MAP, ANY_MAP, RAW }

    public record Field(String name, Kind kind, String goType, GoStruct struct, JsonNode zero) {
    }

    public Field field(String jsonKey) {
        for (Field f : fields) {
            if (f.name().equals(jsonKey)) {
                return f;
            }
        }
        // encoding/json falls back to a case-insensitive match
        String folded = jsonKey.toLowerCase(Locale.ROOT);
        for (Field f : fields) {
            if (f.name().toLowerCase(Locale.ROOT).equals(folded)) {
                return f;
            }
        }
        return null;
    }

    public static Field str(String name) {
        return new Field(name, Kind.STRING, "string", null, GoJson.NODES.textNode(""));
    }

    public static Field integer(String name, String goType) {
        return new Field(name, Kind.INT, goType, null, GoJson.NODES.numberNode(0L));
    }

    public static Field bool(String name) {
        return new Field(name, Kind.BOOL, "bool", null, GoJson.NODES.booleanNode(false));
    }

    public static Field duration(String name) {
        return new Field(name, Kind.DURATION, "time.Duration", null, GoJson.NODES.numberNode(0L));
    }

    /** A *time.Duration: absent prints null. */
    public static Field durationPointer(String name) {
        return new Field(name, Kind.DURATION, "time.Duration", null, NullNode.instance);
    }

    public static Field struct(String name, GoStruct struct) {
        return new Field(name, Kind.STRUCT, "api." + struct.goName(), struct, NullNode.instance);
    }

    public static Field structList(String name, GoStruct struct) {
        return new Field(name, Kind.STRUCT_LIST, "[]*api." + struct.goName(), struct, NullNode.instance);
    }

    public static Field stringList(String name) {
        return new Field(name, Kind.STRING_LIST, "[]string", null, NullNode.instance);
    }

    public static Field stringMap(String name) {
        return new Field(name, Kind.STRING_MAP, "map[string]string", null, NullNode.instance);
    }

    public static Field anyMap(String name) {
        return new Field(name, Kind.ANY_MAP, "map[string]interface {}", null, NullNode.instance);
    }

    /** Passed through as sent: blocks the simulator does not model. */
    public static Field raw(String name) {
        return new Field(name, Kind.RAW, "interface {}", null, NullNode.instance);
    }
}
