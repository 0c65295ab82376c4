package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.go.GoStruct;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The job diff a plan answers with (`Job.Diff` in nomad/structs/diff.go, always contextual as Job.Plan
 * asks for it), for the parts of a job the simulator models: job, group and task primitive fields and
 * string maps (`Meta[KEY]`, `Env[KEY]`), `Datacenters`, the group's RestartPolicy / Migrate /
 * ReschedulePolicy / EphemeralDisk / Update objects, and the task's Config, Resources (primitive fields),
 * LogConfig and Identity objects. Blocks stored raw (constraints, services, networks, templates, …) add
 * no object diff; docs/testbed-nomad-sim.md lists them.
 */
final class PlanDiff {
    static final String NONE = "None";
    static final String ADDED = "Added";
    static final String DELETED = "Deleted";
    static final String EDITED = "Edited";

    private static final Set<String> JOB_FILTER = Set.of("ID", "Status", "StatusDescription", "Version", "Stable",
            "CreateIndex", "ModifyIndex", "JobModifyIndex", "Update", "SubmitTime", "NomadTokenID", "VaultToken");

    record Field(String type, String name, String old, String neu, List<String> annotations) {
        ObjectNode json() {
            ObjectNode out = GoJson.object().put("Type", type).put("Name", name).put("Old", old).put("New", neu);
            out.set("Annotations", strings(annotations));
            return out;
        }
    }

    record Obj(String type, String name, List<Field> fields, List<Obj> objects) {
        ObjectNode json() {
            ObjectNode out = GoJson.object().put("Type", type).put("Name", name);
            out.set("Fields", list(fields, Field::json));
            out.set("Objects", list(objects, Obj::json));
            return out;
        }
    }

    record Task(String type, String name, List<Field> fields, List<Obj> objects, List<String> annotations) {
    }

    record Group(String type, String name, List<Field> fields, List<Obj> objects, List<Task> tasks,
                 Map<String, Long> updates) {
    }

    record Job(String type, String id, List<Field> fields, List<Obj> objects, List<Group> groups) {
        ObjectNode json() {
            ObjectNode out = GoJson.object().put("Type", type).put("ID", id);
            out.set("Fields", list(fields, Field::json));
            out.set("Objects", list(objects, Obj::json));
            out.set("TaskGroups", list(groups, g -> {
                ObjectNode group = GoJson.object().put("Type", g.type()).put("Name", g.name());
                group.set("Fields", list(g.fields(), Field::json));
                group.set("Objects", list(g.objects(), Obj::json));
                group.set("Tasks", list(g.tasks(), t -> {
                    ObjectNode task = GoJson.object().put("Type", t.type()).put("Name", t.name());
                    task.set("Fields", list(t.fields(), Field::json));
                    task.set("Objects", list(t.objects(), Obj::json));
                    task.set("Annotations", strings(t.annotations()));
                    return task;
                }));
                if (g.updates() == null) {
                    group.putNull("Updates");
                } else {
                    ObjectNode updates = group.putObject("Updates");
                    new TreeMap<>(g.updates()).forEach(updates::put); // Go writes map keys sorted
                }
                return group;
            }));
            return out;
        }
    }

    private PlanDiff() {
    }

    /** {@code old} is the stored job or null; {@code neu} the planned one. */
    static Job diff(ObjectNode old, ObjectNode neu) {
        String type = old == null ? ADDED : NONE;
        Map<String, String> oldFlat = old == null ? null : flatten(JobSchema.JOB, old, JOB_FILTER);
        Map<String, String> newFlat = flatten(JobSchema.JOB, neu, JOB_FILTER);
        List<Field> fields = fieldDiffs(oldFlat, newFlat, false);
        List<Obj> objects = new ArrayList<>();
        Obj datacenters = stringSetDiff(strings(old, "Datacenters"), strings(neu, "Datacenters"), "Datacenters");
        if (datacenters != null && !datacenters.type().equals(NONE)) {
            objects.add(datacenters);
        }
        List<Group> groups = groupDiffs(old == null ? null : old.get("TaskGroups"), neu.get("TaskGroups"));
        if (type.equals(NONE) && (fields.stream().anyMatch(f -> !f.type().equals(NONE))
                || objects.stream().anyMatch(o -> !o.type().equals(NONE))
                || groups.stream().anyMatch(g -> !g.type().equals(NONE)))) {
            type = EDITED;
        }
        return new Job(type, neu.get("ID").asText(), fields, objects, groups);
    }

    private static List<Group> groupDiffs(JsonNode old, JsonNode neu) {
        Map<String, ObjectNode> oldByName = byName(old);
        Map<String, ObjectNode> newByName = byName(neu);
        Set<String> names = new TreeSet<>(oldByName.keySet());
        names.addAll(newByName.keySet());
        List<Group> out = new ArrayList<>();
        for (String name : names) {
            out.add(group(oldByName.get(name), newByName.get(name), name));
        }
        return out;
    }

    private static Group group(ObjectNode old, ObjectNode neu, String name) {
        String type = old == null ? ADDED : neu == null ? DELETED : old.equals(neu) ? NONE : EDITED;
        Set<String> filter = Set.of("Name");
        Map<String, String> oldFlat = old == null ? null : flatten(JobSchema.TASK_GROUP, old, filter);
        Map<String, String> newFlat = neu == null ? null : flatten(JobSchema.TASK_GROUP, neu, filter);
        if (oldFlat != null && newFlat != null) {
            // a *time.Duration the flattener skips; TaskGroup.Diff adds it by hand
            oldFlat.put("ShutdownDelay", old.path("ShutdownDelay").isNumber() ? old.get("ShutdownDelay").asText() : "");
            newFlat.put("ShutdownDelay", neu.path("ShutdownDelay").isNumber() ? neu.get("ShutdownDelay").asText() : "");
        }
        List<Field> fields = fieldDiffs(oldFlat, newFlat, false);
        List<Obj> objects = new ArrayList<>();
        addIfPresent(objects, primitiveObject(JobSchema.RESTART, child(old, "RestartPolicy"),
                child(neu, "RestartPolicy"), Set.of(), "RestartPolicy"));
        addIfPresent(objects, primitiveObject(JobSchema.MIGRATE, child(old, "Migrate"), child(neu, "Migrate"),
                Set.of(), "Migrate"));
        addIfPresent(objects, primitiveObject(JobSchema.RESCHEDULE, child(old, "ReschedulePolicy"),
                child(neu, "ReschedulePolicy"), Set.of(), "ReschedulePolicy"));
        addIfPresent(objects, primitiveObject(JobSchema.DISK, child(old, "EphemeralDisk"),
                child(neu, "EphemeralDisk"), Set.of(), "EphemeralDisk"));
        addIfPresent(objects, primitiveObject(JobSchema.UPDATE, child(old, "Update"), child(neu, "Update"),
                Set.of("Stagger"), "Update"));
        Map<String, ObjectNode> oldTasks = byName(old == null ? null : old.get("Tasks"));
        Map<String, ObjectNode> newTasks = byName(neu == null ? null : neu.get("Tasks"));
        Set<String> taskNames = new TreeSet<>(oldTasks.keySet());
        taskNames.addAll(newTasks.keySet());
        List<Task> tasks = new ArrayList<>();
        for (String taskName : taskNames) {
            tasks.add(task(oldTasks.get(taskName), newTasks.get(taskName), taskName));
        }
        return new Group(type, name, fields, objects, tasks, null);
    }

    private static Task task(ObjectNode old, ObjectNode neu, String name) {
        String type = old == null ? ADDED : neu == null ? DELETED : old.equals(neu) ? NONE : EDITED;
        Set<String> filter = Set.of("Name", "Config");
        List<Field> fields = fieldDiffs(old == null ? null : flatten(JobSchema.TASK, old, filter),
                neu == null ? null : flatten(JobSchema.TASK, neu, filter), false);
        List<Obj> objects = new ArrayList<>();
        addIfPresent(objects, configDiff(child(old, "Config"), child(neu, "Config")));
        addIfPresent(objects, resourcesDiff(child(old, "Resources"), child(neu, "Resources")));
        addIfPresent(objects, primitiveObject(JobSchema.LOG_CONFIG, child(old, "LogConfig"), child(neu, "LogConfig"),
                Set.of(), "LogConfig"));
        addIfPresent(objects, identityDiff(child(old, "Identity"), child(neu, "Identity")));
        return new Task(type, name, fields, objects, new ArrayList<>());
    }

    /** `primitiveObjectDiff`: null when nothing differs, even in contextual mode. */
    private static Obj primitiveObject(GoStruct type, ObjectNode old, ObjectNode neu, Set<String> filter,
                                       String name) {
        List<Field> fields = fieldDiffs(old == null ? Map.of() : flatten(type, old, filter),
                neu == null ? Map.of() : flatten(type, neu, filter), true);
        boolean added = false;
        boolean deleted = false;
        for (Field f : fields) {
            if (f.type().equals(EDITED)) {
                return new Obj(EDITED, name, fields, List.of());
            }
            added |= f.type().equals(ADDED);
            deleted |= f.type().equals(DELETED);
        }
        if (added && deleted) {
            return new Obj(EDITED, name, fields, List.of());
        }
        return added ? new Obj(ADDED, name, fields, List.of()) : deleted ? new Obj(DELETED, name, fields, List.of())
                : null;
    }

    private static Obj resourcesDiff(ObjectNode old, ObjectNode neu) {
        if (java.util.Objects.equals(old, neu)) {
            return null;
        }
        String type = old == null ? ADDED : neu == null ? DELETED : EDITED;
        return new Obj(type, "Resources", fieldDiffs(old == null ? null : flatten(JobSchema.RESOURCES, old, Set.of()),
                neu == null ? null : flatten(JobSchema.RESOURCES, neu, Set.of()), true), List.of());
    }

    private static Obj identityDiff(ObjectNode old, ObjectNode neu) {
        if (java.util.Objects.equals(old, neu)) {
            return null;
        }
        String type = old == null ? ADDED : neu == null ? DELETED : EDITED;
        List<Obj> objects = new ArrayList<>();
        Obj audience = stringSetDiff(strings(old, "Audience"), strings(neu, "Audience"), "Audience");
        if (audience != null) {
            objects.add(audience);
        }
        return new Obj(type, "Identity", fieldDiffs(old == null ? null : flatten(JobSchema.IDENTITY, old, Set.of()),
                neu == null ? null : flatten(JobSchema.IDENTITY, neu, Set.of()), true), objects);
    }

    /** `configDiff`: the driver config flattened all the way down (`ports[0]`, `auth[username]`). */
    private static Obj configDiff(ObjectNode old, ObjectNode neu) {
        int oldSize = old == null ? 0 : old.size();
        int newSize = neu == null ? 0 : neu.size();
        if (java.util.Objects.equals(old, neu) || (oldSize == 0 && newSize == 0)) {
            return null;
        }
        String type = oldSize == 0 ? ADDED : newSize == 0 ? DELETED : EDITED;
        Map<String, String> oldFlat = new LinkedHashMap<>();
        Map<String, String> newFlat = new LinkedHashMap<>();
        if (old != null) {
            flattenAny("", old, oldFlat);
        }
        if (neu != null) {
            flattenAny("", neu, newFlat);
        }
        return new Obj(type, "Config", fieldDiffs(oldFlat, newFlat, true), List.of());
    }

    /** `stringSetDiff` in contextual mode: null only for two empty sets. */
    private static Obj stringSetDiff(List<String> old, List<String> neu, String name) {
        Set<String> oldSet = new TreeSet<>(old);
        Set<String> newSet = new TreeSet<>(neu);
        List<Field> fields = new ArrayList<>();
        boolean added = false;
        boolean removed = false;
        for (String k : oldSet) {
            if (!newSet.contains(k)) {
                fields.add(field(k, "", name, true));
                removed = true;
            } else {
                fields.add(field(k, k, name, true));
            }
        }
        for (String k : newSet) {
            if (!oldSet.contains(k)) {
                fields.add(field("", k, name, true));
                added = true;
            }
        }
        fields.sort(FIELD_ORDER);
        if (fields.isEmpty()) {
            return null;
        }
        String type = added && removed ? EDITED : added ? ADDED : removed ? DELETED : NONE;
        return new Obj(type, name, fields, List.of());
    }

    private static final Comparator<Field> FIELD_ORDER = Comparator.comparing(Field::name)
            .thenComparing(Field::old).thenComparing(Field::neu);

    private static List<Field> fieldDiffs(Map<String, String> old, Map<String, String> neu, boolean contextual) {
        Map<String, String> o = old == null ? Map.of() : old;
        Map<String, String> n = neu == null ? Map.of() : neu;
        List<Field> out = new ArrayList<>();
        for (Map.Entry<String, String> e : o.entrySet()) {
            Field f = field(e.getValue(), n.getOrDefault(e.getKey(), ""), e.getKey(), contextual);
            if (f != null) {
                out.add(f);
            }
        }
        for (Map.Entry<String, String> e : n.entrySet()) {
            if (!o.containsKey(e.getKey())) {
                Field f = field("", e.getValue(), e.getKey(), contextual);
                if (f != null) {
                    out.add(f);
                }
            }
        }
        out.sort(FIELD_ORDER);
        return out;
    }

    private static Field field(String old, String neu, String name, boolean contextual) {
        if (old.equals(neu)) {
            return contextual ? new Field(NONE, name, old, neu, new ArrayList<>()) : null;
        }
        if (old.isEmpty()) {
            return new Field(ADDED, name, "", neu, new ArrayList<>());
        }
        if (neu.isEmpty()) {
            return new Field(DELETED, name, old, "", new ArrayList<>());
        }
        return new Field(EDITED, name, old, neu, new ArrayList<>());
    }

    /**
     * flatmap.Flatten with primitiveOnly: the struct's own bools, numbers and strings, and string maps as
     * `Name[key]`; pointers, nested structs, slices and interfaces are left to their own object diffs.
     */
    private static Map<String, String> flatten(GoStruct type, ObjectNode node, Set<String> filter) {
        Map<String, String> out = new LinkedHashMap<>();
        for (GoStruct.Field f : type.fields()) {
            JsonNode v = node.get(f.name());
            switch (f.kind()) {
                case STRING, BOOL, INT -> out.put(f.name(), v == null || v.isNull() ? zero(f) : v.asText());
                case DURATION -> {
                    if (!f.zero().isNull()) { // a *time.Duration is a pointer: skipped
                        out.put(f.name(), v == null || v.isNull() ? "0" : v.asText());
                    }
                }
                case STRING_MAP -> {
                    if (v != null && v.isObject()) {
                        v.fields().forEachRemaining(e -> out.put(f.name() + "[" + e.getKey() + "]", e.getValue().asText()));
                    }
                }
                default -> {
                }
            }
        }
        filter.forEach(out::remove);
        return out;
    }

    private static String zero(GoStruct.Field f) {
        return f.kind() == GoStruct.Kind.BOOL ? "false" : f.kind() == GoStruct.Kind.INT ? "0" : "";
    }

    /** flatmap.Flatten without primitiveOnly, on a decoded map[string]interface{} (numbers are float64). */
    private static void flattenAny(String prefix, JsonNode v, Map<String, String> out) {
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> flattenAny(prefix.isEmpty() ? e.getKey() : prefix + "[" + e.getKey() + "]",
                    e.getValue(), out));
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                flattenAny(prefix + "[" + i + "]", v.get(i), out);
            }
        } else if (v.isNull()) {
            out.put(prefix, "nil");
        } else if (v.isNumber()) {
            out.put(prefix, goFloat(v.decimalValue()));
        } else {
            out.put(prefix, v.asText());
        }
    }

    /** Go's %v of a float64: plain digits below 1e21, no trailing zeros. */
    private static String goFloat(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.abs().compareTo(BigDecimal.TEN.pow(21)) < 0) {
            return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
        }
        return Double.toString(value.doubleValue()).replace("E", "e+");
    }

    private static Map<String, ObjectNode> byName(JsonNode list) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        if (list != null && list.isArray()) {
            for (JsonNode item : list) {
                if (item instanceof ObjectNode o) {
                    out.put(o.path("Name").asText(), o);
                }
            }
        }
        return out;
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent != null && parent.get(name) instanceof ObjectNode o ? o : null;
    }

    private static List<String> strings(ObjectNode parent, String name) {
        List<String> out = new ArrayList<>();
        if (parent != null && parent.get(name) != null) {
            parent.get(name).forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    private static void addIfPresent(List<Obj> objects, Obj diff) {
        if (diff != null) {
            objects.add(diff);
        }
    }

    private static ArrayNode strings(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        ArrayNode out = GoJson.NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }

    private static <T> JsonNode list(List<T> items, java.util.function.Function<T, ObjectNode> json) {
        if (items == null || items.isEmpty()) {
            return GoJson.NODES.nullNode();
        }
        ArrayNode out = GoJson.NODES.arrayNode();
        items.forEach(i -> out.add(json.apply(i)));
        return out;
    }
}
