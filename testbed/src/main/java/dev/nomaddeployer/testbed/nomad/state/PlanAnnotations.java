package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.TaskEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the scheduler would do per task group (`DesiredTGUpdates`), as the generic scheduler's reconciler
 * decides it for the simulator's healthy allocations (scheduler/reconcile.go, `computeGroup`): extra
 * allocations stop, missing ones are placed, allocations of the unchanged job are ignored, changed ones
 * are updated in place or destructively (`tasksUpdated` in scheduler/util.go), destructive updates
 * limited by `max_parallel`, and canaries instead of updates when the group asks for them.
 * Then {@link #annotate} adds these counts and the "forces …" texts to the diff (scheduler/annotate.go).
 */
final class PlanAnnotations {
    static final String[] COUNTERS = {"Ignore", "Place", "Migrate", "Stop", "InPlaceUpdate", "DestructiveUpdate",
            "Canary", "Preemptions"};

    private PlanAnnotations() {
    }

    /**
     * @param entry   the stored job, or null when the plan is for a new job
     * @param planned the job as it would be stored
     * @param changed whether the plan's job differs from the stored spec (a new JobModifyIndex)
     */
    static Map<String, Map<String, Long>> desired(JobEntry entry, ObjectNode planned, boolean changed) {
        Map<String, List<Alloc>> live = new LinkedHashMap<>();
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        planned.path("TaskGroups").forEach(g -> groups.put(g.path("Name").asText(), (ObjectNode) g));
        groups.keySet().forEach(name -> live.put(name, new ArrayList<>()));
        if (entry != null) {
            for (Alloc a : entry.allocs) {
                // a stopping or finished allocation is terminal to the reconciler
                if (!a.terminal() && !a.desiredStop) {
                    live.computeIfAbsent(a.group, g -> new ArrayList<>()).add(a);
                }
            }
        }
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Map.Entry<String, List<Alloc>> e : live.entrySet()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String c : COUNTERS) {
                counts.put(c, 0L);
            }
            ObjectNode group = groups.get(e.getKey());
            int existing = e.getValue().size();
            if (planned.path("Stop").asBoolean() || group == null) {
                counts.put("Stop", (long) existing);
                out.put(e.getKey(), counts);
                continue;
            }
            int count = group.path("Count").asInt();
            int stop = Math.max(0, existing - count);
            int ignore = 0;
            int inPlace = 0;
            int destructive = 0;
            for (Alloc a : e.getValue().subList(0, existing - stop)) {
                ObjectNode allocJob = jobOf(entry, a.jobVersion);
                if (!changed && a.jobVersion == entry.version()) {
                    ignore++;
                } else if (tasksUpdated(allocJob, group(allocJob, a.group), planned, group)) {
                    destructive++;
                } else {
                    inPlace++;
                }
            }
            int place = Math.max(0, count - existing);
            JsonNode update = group.get("Update");
            boolean noUpdateStrategy = update == null || update.isNull() || update.path("MaxParallel").asLong() == 0;
            long canaries = noUpdateStrategy ? 0 : update.path("Canary").asLong();
            counts.put("Stop", (long) stop);
            counts.put("InPlaceUpdate", (long) inPlace);
            if (destructive > 0 && canaries > 0) {
                // canaries go first; nothing else is placed or replaced until they are promoted
                counts.put("Canary", canaries);
                counts.put("Ignore", (long) ignore + destructive);
            } else {
                int limit = noUpdateStrategy || destructive == 0 ? count : update.path("MaxParallel").asInt();
                limit -= Math.min(place, limit);
                int now = Math.min(destructive, limit);
                counts.put("Place", (long) place);
                counts.put("DestructiveUpdate", (long) now);
                counts.put("Ignore", (long) ignore + destructive - now);
            }
            out.put(e.getKey(), counts);
        }
        return out;
    }

    static ObjectNode json(Map<String, Map<String, Long>> desired) {
        ObjectNode annotations = GoJson.object();
        ObjectNode byGroup = annotations.putObject("DesiredTGUpdates");
        desired.forEach((group, counts) -> {
            ObjectNode c = byGroup.putObject(group);
            counts.forEach(c::put);
        });
        annotations.putNull("PreemptedAllocs");
        return annotations;
    }

    /** scheduler.Annotate: update counts per group, count direction, and what each task change forces. */
    static PlanDiff.Job annotate(PlanDiff.Job diff, Map<String, Map<String, Long>> desired) {
        List<PlanDiff.Group> groups = new ArrayList<>();
        for (PlanDiff.Group g : diff.groups()) {
            Map<String, Long> updates = null;
            Map<String, Long> counts = desired.get(g.name());
            if (counts != null) {
                updates = new TreeMap<>();
                putIfNonZero(updates, "ignore", counts.get("Ignore"));
                putIfNonZero(updates, "create", counts.get("Place"));
                putIfNonZero(updates, "migrate", counts.get("Migrate"));
                putIfNonZero(updates, "destroy", counts.get("Stop"));
                putIfNonZero(updates, "canary", counts.get("Canary"));
                putIfNonZero(updates, "in-place update", counts.get("InPlaceUpdate"));
                putIfNonZero(updates, "create/destroy update", counts.get("DestructiveUpdate"));
            }
            for (PlanDiff.Field f : g.fields()) {
                if (f.name().equals("Count")) {
                    long oldCount = f.old().isEmpty() ? 0 : Long.parseLong(f.old());
                    long newCount = f.neu().isEmpty() ? 0 : Long.parseLong(f.neu());
                    if (oldCount < newCount) {
                        f.annotations().add("forces create");
                    } else if (newCount < oldCount) {
                        f.annotations().add("forces destroy");
                    }
                    break;
                }
            }
            for (PlanDiff.Task t : g.tasks()) {
                annotateTask(t, g);
            }
            groups.add(new PlanDiff.Group(g.type(), g.name(), g.fields(), g.objects(), g.tasks(), updates));
        }
        return new PlanDiff.Job(diff.type(), diff.id(), diff.fields(), diff.objects(), groups);
    }

    private static void annotateTask(PlanDiff.Task t, PlanDiff.Group parent) {
        if (t.type().equals(PlanDiff.NONE)) {
            return;
        }
        boolean wholeGroup = parent.type().equals(PlanDiff.ADDED) || parent.type().equals(PlanDiff.DELETED);
        if (wholeGroup && t.type().equals(PlanDiff.ADDED)) {
            t.annotations().add("forces create");
            return;
        }
        if (wholeGroup && t.type().equals(PlanDiff.DELETED)) {
            t.annotations().add("forces destroy");
            return;
        }
        // every primitive change but KillTimeout replaces the allocation
        boolean destructive = t.fields().stream().anyMatch(f -> !f.name().equals("KillTimeout"));
        if (!destructive) {
            for (PlanDiff.Obj o : t.objects()) {
                if (List.of("Service", "Constraint", "Affinity", "Spread").contains(o.name())) {
                    continue;
                }
                if (o.name().equals("LogConfig")) {
                    if (o.fields().stream().anyMatch(f -> f.name().equals("Disabled"))) {
                        destructive = true;
                        break;
                    }
                    continue;
                }
                destructive = true;
                break;
            }
        }
        t.annotations().add(destructive ? "forces create/destroy update" : "forces in-place update");
    }

    private static void putIfNonZero(Map<String, Long> updates, String key, Long value) {
        if (value != null && value != 0) {
            updates.put(key, value);
        }
    }

    private static ObjectNode jobOf(JobEntry entry, long version) {
        for (ObjectNode v : entry.versions) {
            if (v.get("Version").asLong() == version) {
                return v;
            }
        }
        return entry.job; // a trimmed version: the current spec is the best the simulator still has
    }

    private static ObjectNode group(ObjectNode job, String name) {
        for (JsonNode g : job.path("TaskGroups")) {
            if (g.path("Name").asText().equals(name)) {
                return (ObjectNode) g;
            }
        }
        return null;
    }

    /** tasksUpdated for the blocks the simulator stores; raw blocks count when they differ at all. */
    static boolean tasksUpdated(ObjectNode oldJob, ObjectNode a, ObjectNode newJob, ObjectNode b) {
        if (a == null) {
            return true;
        }
        if (a.path("Tasks").size() != b.path("Tasks").size()) {
            return true;
        }
        for (String f : List.of("EphemeralDisk", "Networks", "Consul", "Volumes")) {
            if (!Objects.equals(a.get(f), b.get(f))) {
                return true;
            }
        }
        if (!Objects.equals(a.at("/RestartPolicy/RenderTemplates"), b.at("/RestartPolicy/RenderTemplates"))) {
            return true;
        }
        Map<String, JsonNode> newTasks = new LinkedHashMap<>();
        b.path("Tasks").forEach(t -> newTasks.put(t.path("Name").asText(), t));
        for (JsonNode at : a.path("Tasks")) {
            String name = at.path("Name").asText();
            JsonNode bt = newTasks.get(name);
            if (bt == null) {
                return true;
            }
            for (String f : List.of("Driver", "User", "Config", "Env", "Artifacts", "Vault", "Consul", "Templates",
                    "CSIPluginConfig", "VolumeMounts", "Identity", "Identities")) {
                if (!Objects.equals(at.get(f), bt.get(f))) {
                    return true;
                }
            }
            for (String f : List.of("Networks", "CPU", "Cores", "MemoryMB", "MemoryMaxMB", "Devices", "NUMA",
                    "SecretsMB")) {
                if (!Objects.equals(at.path("Resources").get(f), bt.path("Resources").get(f))) {
                    return true;
                }
            }
            if (!Objects.equals(at.at("/LogConfig/Disabled"), bt.at("/LogConfig/Disabled"))
                    || !Objects.equals(at.at("/RestartPolicy/RenderTemplates"), bt.at("/RestartPolicy/RenderTemplates"))) {
                return true;
            }
            // the meta a task sees is job, group and task meta combined
            if (!TaskEnvironment.effectiveMeta(oldJob, a.path("Name").asText(), name)
                    .equals(TaskEnvironment.effectiveMeta(newJob, b.path("Name").asText(), name))) {
                return true;
            }
        }
        return false;
    }
}
