package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which meta key a {@code ${NOMAD_META_<name>}} in a task resolves to, the way the Nomad client builds the
 * task environment: task meta, then group meta, then job meta for keys not yet set; each key {@code k}
 * exported as {@code NOMAD_META_<K upper-cased>} and {@code NOMAD_META_<k>}, with characters outside
 * {@code [A-Za-z0-9_.]} replaced by {@code _}.
 */
public final class EffectiveMeta {

    private EffectiveMeta() {
    }

    /**
     * The definition {@code name} resolves to for this task, or empty when no key exports it. When several
     * keys export the same name Nomad's choice is random; we take a key written exactly as {@code name}
     * first, then the most specific level, then the first key in that level's {@code Meta}.
     */
    public static Optional<MetaDefinition> resolve(JsonNode job, JsonNode group, JsonNode task, String name) {
        Set<String> shadowed = new HashSet<>();
        MetaDefinition best = null;
        MetaLevel[] levels = {MetaLevel.TASK, MetaLevel.GROUP, MetaLevel.JOB};
        JsonNode[] nodes = {task, group, job};
        for (int i = 0; i < levels.length; i++) {
            JsonNode meta = nodes[i] == null ? null : nodes[i].get("Meta");
            if (meta == null || !meta.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> field : meta.properties()) {
                String key = field.getKey();
                if (!shadowed.add(key) || !exports(key, name)) {
                    continue;
                }
                MetaDefinition found = new MetaDefinition(levels[i], key, valueOf(field.getValue()));
                if (key.equals(name)) {
                    return Optional.of(found);
                }
                if (best == null) {
                    best = found;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The task's effective meta keys that start with {@code prefix}, each taken from the most specific level that
     * sets it (task, then group, then job), with their values as text.
     */
    public static Map<String, String> withPrefix(JsonNode job, JsonNode group, JsonNode task, String prefix) {
        Map<String, String> found = new TreeMap<>();
        for (JsonNode node : new JsonNode[] {task, group, job}) {
            JsonNode meta = node == null ? null : node.get("Meta");
            if (meta == null || !meta.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> field : meta.properties()) {
                String value = valueOf(field.getValue());
                if (field.getKey().startsWith(prefix) && value != null) {
                    found.putIfAbsent(field.getKey(), value);
                }
            }
        }
        return found;
    }

    /** True when meta key {@code key} is visible to the task as {@code NOMAD_META_<name>}. */
    public static boolean exports(String key, String name) {
        return clean(key).equals(name) || clean(key.toUpperCase(Locale.ROOT)).equals(name);
    }

    // Nomad cleans environment names byte by byte (helper.CleanEnvVar); a multi-byte character becomes
    // several underscores.
    private static String clean(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            boolean keep = c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9');
            out.append(keep ? c : '_');
        }
        return out.toString();
    }

    private static String valueOf(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }
}
