package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.go.GoStruct;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a decoded job into what Nomad stores (nomad-api.md#canonical-defaults): every field in Go order, the api package's
 * Canonicalize defaults, empty maps and slices as null. Runs on the output of {@link GoBodyDecoder},
 * so keys are already canonical and absent fields are simply missing.
 */
final class JobCanonicalizer {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private JobCanonicalizer() {
    }

    static ObjectNode canonicalize(ObjectNode in, String namespace, String region) {
        String type = in.path("Type").asText("service");
        ObjectNode defaults = GoJson.object()
                .put("Name", in.path("ID").asText(""))
                .put("Type", "service")
                .put("Priority", 50L)
                .put("NodePool", "default");
        ObjectNode job = fill(JobSchema.JOB, in, defaults);
        job.put("Namespace", namespace).put("Region", region);
        // ApiJobToStructJob never copies these from a request, so a re-posted job cannot set them
        job.put("ParentID", "").put("Dispatched", false).put("DispatchIdempotencyToken", "")
                .put("ConsulNamespace", "");
        // the api package only defaults a nil priority; the server then turns 0 into its default (50)
        if (job.get("Priority").asLong() == 0) {
            job.put("Priority", 50L);
        }
        if (job.get("Datacenters").isNull()) {
            job.set("Datacenters", GoJson.NODES.arrayNode().add("*"));
        }
        if (in.has("Periodic")) {
            job.set("Periodic", fill(JobSchema.PERIODIC, (ObjectNode) in.get("Periodic"), GoJson.object()
                    .put("Enabled", true).put("SpecType", "cron").put("TimeZone", "UTC")));
        }
        if (in.has("ParameterizedJob")) {
            job.set("ParameterizedJob", fill(JobSchema.PARAMETERIZED, (ObjectNode) in.get("ParameterizedJob"),
                    GoJson.object().put("Payload", "optional")));
        }
        ObjectNode jobUpdate = null;
        if (in.has("Update")) {
            jobUpdate = fill(JobSchema.UPDATE, (ObjectNode) in.get("Update"), defaultUpdate());
        } else if (type.equals("service")) {
            jobUpdate = defaultUpdate();
        }
        // structs.Job keeps only the two job-wide knobs; the rest lives on the groups
        ObjectNode stored = fill(JobSchema.UPDATE, GoJson.object(), null);
        if (jobUpdate != null) {
            stored.set("Stagger", jobUpdate.get("Stagger"));
            stored.set("MaxParallel", jobUpdate.get("MaxParallel"));
        }
        job.set("Update", stored);
        if (in.has("TaskGroups")) {
            ArrayNode groups = GoJson.NODES.arrayNode();
            for (JsonNode group : in.get("TaskGroups")) {
                groups.add(group.isObject() ? group((ObjectNode) group, type, jobUpdate) : NullNode.instance);
            }
            job.set("TaskGroups", groups.isEmpty() ? NullNode.instance : groups);
        }
        return job;
    }

    private static ObjectNode group(ObjectNode in, String type, ObjectNode jobUpdate) {
        long count = in.path("Scaling").path("Min").asLong(1);
        ObjectNode group = fill(JobSchema.TASK_GROUP, in, GoJson.object().put("Count", count));
        ObjectNode update = null;
        if (in.has("Update") && jobUpdate != null) {
            update = jobUpdate.deepCopy().setAll((ObjectNode) in.get("Update"));
        } else if (jobUpdate != null && !isEmpty(jobUpdate)) {
            update = jobUpdate.deepCopy();
        } else if (in.has("Update")) {
            update = fill(JobSchema.UPDATE, (ObjectNode) in.get("Update"), defaultUpdate());
        }
        group.set("Update", update);
        boolean service = type.equals("service");
        if (service) {
            group.set("Migrate", fill(JobSchema.MIGRATE, child(in, "Migrate"), GoJson.object()
                    .put("MaxParallel", 1L).put("HealthCheck", "checks")
                    .put("MinHealthyTime", 10 * SECOND).put("HealthyDeadline", 5 * MINUTE)));
        }
        // the api package gives every type other than service/system the batch restart policy
        ObjectNode restart = fill(JobSchema.RESTART, child(in, "RestartPolicy"),
                service || type.equals("system") ? restart(2, 30 * MINUTE) : restart(3, 24 * HOUR));
        group.set("RestartPolicy", restart);
        group.set("EphemeralDisk", fill(JobSchema.DISK, child(in, "EphemeralDisk"),
                GoJson.object().put("SizeMB", 300L)));
        // system groups get none; sysbatch (and any other type) an all-zero one from the api default
        if (!type.equals("system") || in.has("ReschedulePolicy")) {
            ObjectNode reschedule = switch (type) {
                case "service" -> GoJson.object().put("Attempts", 0L).put("Interval", 0L).put("Delay", 30 * SECOND)
                        .put("DelayFunction", "exponential").put("MaxDelay", HOUR).put("Unlimited", true);
                case "batch" -> GoJson.object().put("Attempts", 1L).put("Interval", 24 * HOUR)
                        .put("Delay", 5 * SECOND).put("DelayFunction", "constant").put("MaxDelay", 0L)
                        .put("Unlimited", false);
                default -> null;
            };
            group.set("ReschedulePolicy", fill(JobSchema.RESCHEDULE, child(in, "ReschedulePolicy"), reschedule));
        }
        if (in.has("Tasks")) {
            ArrayNode tasks = GoJson.NODES.arrayNode();
            for (JsonNode task : in.get("Tasks")) {
                tasks.add(task.isObject() ? task((ObjectNode) task, restart) : NullNode.instance);
            }
            group.set("Tasks", tasks.isEmpty() ? NullNode.instance : tasks);
        }
        return group;
    }

    private static ObjectNode task(ObjectNode in, ObjectNode groupRestart) {
        ObjectNode task = fill(JobSchema.TASK, in, GoJson.object().put("KillTimeout", 5 * SECOND));
        ObjectNode resources = child(in, "Resources");
        ObjectNode resourceDefaults = GoJson.object().put("MemoryMB", 300L);
        // CPU defaults only when Cores was not sent at all: an explicit `"Cores": 0` leaves CPU at 0
        if (resources.path("Cores").isMissingNode() || resources.path("Cores").isNull()) {
            resourceDefaults.put("CPU", 100L);
        }
        task.set("Resources", fill(JobSchema.RESOURCES, resources, resourceDefaults));
        task.set("RestartPolicy", fill(JobSchema.RESTART, child(in, "RestartPolicy"), groupRestart));
        task.set("LogConfig", fill(JobSchema.LOG_CONFIG, child(in, "LogConfig"),
                GoJson.object().put("MaxFiles", 10L).put("MaxFileSizeMB", 10L)));
        ObjectNode identity = fill(JobSchema.IDENTITY, child(in, "Identity"), null);
        // WorkloadIdentity.Canonicalize: an unnamed identity is the default one, whose audience is fixed
        if (identity.get("Name").asText("").isEmpty()) {
            identity.put("Name", "default");
        }
        if (identity.get("Name").asText().equals("default")) {
            identity.set("Audience", GoJson.NODES.arrayNode().add("nomadproject.io"));
        }
        task.set("Identity", identity);
        return task;
    }

    /** Every field of the struct in Go order: the sent value, else the given default, else Go's zero. */
    static ObjectNode fill(GoStruct type, ObjectNode in, ObjectNode defaults) {
        ObjectNode out = GoJson.object();
        for (GoStruct.Field field : type.fields()) {
            JsonNode value = in == null ? null : in.get(field.name());
            if (value == null || value.isNull()) {
                JsonNode fallback = defaults == null ? null : defaults.get(field.name());
                out.set(field.name(), fallback != null ? fallback.deepCopy() : field.zero());
                continue;
            }
            out.set(field.name(), switch (field.kind()) {
                case STRUCT -> fill(field.struct(), (ObjectNode) value, null);
                case STRUCT_LIST -> {
                    ArrayNode list = GoJson.NODES.arrayNode();
                    value.forEach(item -> list.add(item.isObject()
                            ? fill(field.struct(), (ObjectNode) item, null) : NullNode.instance));
                    yield list.isEmpty() ? NullNode.instance : list;
                }
                case STRING_LIST, STRING_MAP, ANY_MAP, RAW ->
                        (value.isContainerNode() && value.isEmpty() && (value.isArray() || field.kind() != GoStruct.Kind.RAW))
                                ? NullNode.instance : value.deepCopy();
                default -> value;
            });
        }
        return out;
    }

    private static ObjectNode child(ObjectNode in, String name) {
        JsonNode v = in.get(name);
        return v instanceof ObjectNode o ? o : GoJson.object();
    }

    static ObjectNode defaultUpdate() {
        return GoJson.object().put("Stagger", 30 * SECOND).put("MaxParallel", 1L).put("HealthCheck", "checks")
                .put("MinHealthyTime", 10 * SECOND).put("HealthyDeadline", 5 * MINUTE)
                .put("ProgressDeadline", 10 * MINUTE).put("AutoRevert", false).put("AutoPromote", false)
                .put("Canary", 0L);
    }

    private static ObjectNode restart(long attempts, long interval) {
        return GoJson.object().put("Attempts", attempts).put("Interval", interval).put("Delay", 15 * SECOND)
                .put("Mode", "fail").put("RenderTemplates", false);
    }

    private static boolean isEmpty(ObjectNode update) {
        for (JsonNode v : update) {
            if ((v.isNumber() && v.asLong() != 0) || (v.isTextual() && !v.asText().isEmpty())
                    || (v.isBoolean() && v.asBoolean())) {
                return false;
            }
        }
        return true;
    }

    /** Job.Validate's texts for the problems a client is likely to send. */
    static List<String> validate(ObjectNode job) {
        List<String> errors = new ArrayList<>();
        String id = job.path("ID").asText("");
        if (id.isEmpty()) {
            errors.add("Missing job ID");
        } else if (id.contains(" ")) {
            errors.add("Job ID contains a space");
        }
        if (job.path("Name").asText("").isEmpty()) {
            errors.add("Missing job name");
        }
        String type = job.path("Type").asText();
        if (type.isEmpty()) {
            errors.add("Missing job type");
        } else if (!List.of("service", "batch", "system", "sysbatch").contains(type)) {
            errors.add("Invalid job type: \"" + type + "\"");
        }
        if (job.path("TaskGroups").isNull()) {
            errors.add("Missing job task groups");
        }
        // checked by the validate hook after Job.Validate, so it comes last
        long priority = job.path("Priority").asLong();
        if (priority < 1 || priority > 100) {
            errors.add("job priority must be between [1, 100]");
        }
        return errors;
    }

    /** nomad-api.md#spec-change: deep inequality ignoring the fields the server owns. */
    static boolean specChanged(ObjectNode stored, ObjectNode submitted) {
        ObjectNode a = stored.deepCopy();
        ObjectNode b = submitted.deepCopy();
        a.remove(JobSchema.NOT_SPEC);
        b.remove(JobSchema.NOT_SPEC);
        return !a.equals(b);
    }
}
