package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Nomad client would resolve for a task at run time (nomad-api.md#effective-meta to #meta-variables): effective meta
 * (task over group over job), the NOMAD_META_* variables, and `${...}` interpolation of a config
 * string such as the docker image. Lets tests assert which image a stored job would really run.
 */
public final class TaskEnvironment {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private TaskEnvironment() {
    }

    /** Task meta, then group meta for keys not yet set, then job meta (CombinedTaskMeta). */
    public static Map<String, String> effectiveMeta(ObjectNode job, String group, String task) {
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode g = find(job.path("TaskGroups"), group);
        JsonNode t = find(g.path("Tasks"), task);
        for (JsonNode level : new JsonNode[] {t.path("Meta"), g.path("Meta"), job.path("Meta")}) {
            level.fields().forEachRemaining(e -> meta.putIfAbsent(e.getKey(), e.getValue().asText()));
        }
        return meta;
    }

    /** Each key twice: NOMAD_META_<KEY UPPER-CASED> and NOMAD_META_<key as written>. */
    public static Map<String, String> metaVariables(ObjectNode job, String group, String task) {
        Map<String, String> env = new LinkedHashMap<>();
        effectiveMeta(job, group, task).forEach((k, v) -> {
            env.put("NOMAD_META_" + k.toUpperCase(Locale.ROOT), v);
            env.put("NOMAD_META_" + k, v);
        });
        return env;
    }

    /**
     * Replaces `${NOMAD_META_*}` from the task's meta; `${meta.x}` is node meta on a real client and
     * is left as written here, as is any variable the simulator does not know.
     */
    public static String interpolate(String text, ObjectNode job, String group, String task) {
        Map<String, String> env = metaVariables(job, group, task);
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        return m.appendTail(out).toString();
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("Name").asText().equals(name)) {
                return item;
            }
        }
        throw new IllegalArgumentException("no \"" + name + "\" in " + list);
    }
}
