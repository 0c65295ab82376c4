package dev.nomaddeployer.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Reads the changed fields out of a plan's job diff (nomad/structs/diff.go: a job, its task groups and their
 * tasks, each with `Fields` and nested `Objects`, every entry typed None, Added, Deleted or Edited) and says
 * them in one line. Unchanged (None) entries are what a contextual diff adds around a change; they are left out.
 */
public final class PlanDiffSummary {
    static final String NONE = "None";

    private PlanDiffSummary() {
    }

    /** Every changed field, job first, then each group and its tasks in Nomad's order. */
    static List<JobPlan.PlanChange> changes(JsonNode jobDiff) {
        List<JobPlan.PlanChange> out = new ArrayList<>();
        if (!jobDiff.isObject()) {
            return out;
        }
        collect("job", "", jobDiff, out);
        for (JsonNode group : jobDiff.path("TaskGroups")) {
            String name = group.path("Name").asText();
            collect("group " + name, "", group, out);
            for (JsonNode task : group.path("Tasks")) {
                collect("task " + name + "/" + task.path("Name").asText(), "", task, out);
            }
        }
        return out;
    }

    private static void collect(String scope, String prefix, JsonNode node, List<JobPlan.PlanChange> out) {
        for (JsonNode field : node.path("Fields")) {
            if (!NONE.equals(field.path("Type").asText())) {
                out.add(new JobPlan.PlanChange(scope, prefix + field.path("Name").asText(),
                        field.path("Old").asText(""), field.path("New").asText("")));
            }
        }
        for (JsonNode object : node.path("Objects")) {
            if (!NONE.equals(object.path("Type").asText())) {
                collect(scope, prefix + object.path("Name").asText() + ".", object, out);
            }
        }
    }

    /**
     * {@code job: Meta[VERSION] 1.5.0 -> 1.6.0; task web/web: Config.image reg/web:1 -> reg/web:2}: the changes
     * by scope, an added field as {@code FIELD added V}, a deleted one as {@code FIELD removed V};
     * {@code no changes} when there are none.
     */
    public static String text(List<JobPlan.PlanChange> changes) {
        if (changes.isEmpty()) {
            return "no changes";
        }
        List<String> parts = new ArrayList<>();
        String scope = null;
        List<String> inScope = new ArrayList<>();
        for (JobPlan.PlanChange c : changes) {
            if (!c.scope().equals(scope)) {
                if (scope != null) {
                    parts.add(scope + ": " + String.join(", ", inScope));
                }
                scope = c.scope();
                inScope = new ArrayList<>();
            }
            inScope.add(change(c));
        }
        parts.add(scope + ": " + String.join(", ", inScope));
        return String.join("; ", parts);
    }

    /** The group's planned updates in Nomad's words ({@code create/destroy update 1, ignore 2}), per group. */
    public static String updates(JsonNode jobDiff) {
        return StreamSupport.stream(jobDiff.path("TaskGroups").spliterator(), false)
                .filter(g -> g.path("Updates").size() > 0)
                .map(g -> "group " + g.path("Name").asText() + ": " + fields(g.path("Updates")))
                .collect(Collectors.joining("; "));
    }

    private static String fields(JsonNode map) {
        List<String> out = new ArrayList<>();
        map.fields().forEachRemaining(e -> out.add(e.getKey() + " " + e.getValue().asText()));
        return String.join(", ", out);
    }

    private static String change(JobPlan.PlanChange c) {
        if (c.oldValue().isEmpty()) {
            return c.field() + " added " + quoted(c.newValue());
        }
        if (c.newValue().isEmpty()) {
            return c.field() + " removed " + quoted(c.oldValue());
        }
        return c.field() + " " + quoted(c.oldValue()) + " -> " + quoted(c.newValue());
    }

    /** Values with spaces or nothing in them are quoted so the line still reads as field, old, new. */
    private static String quoted(String value) {
        return value.isEmpty() || value.chars().anyMatch(Character::isWhitespace) || value.contains(",")
                || value.contains(";") ? "\"" + value + "\"" : value;
    }
}
