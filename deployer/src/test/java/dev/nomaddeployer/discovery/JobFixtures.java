package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Nomad jobs as GET /v1/job/:id returns them (fixtures/nomad/), and small edits of them for tests. */
public final class JobFixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private JobFixtures() {
    }

    /** {@code web}: job meta VERSION=1.5.0, image registry.example:5000/team/web:${NOMAD_META_VERSION}. */
    public static ObjectNode web() {
        return load("job-web.json");
    }

    /** {@code api}: group meta API_VERSION=3.2.0, image registry.example:5000/team/api:${NOMAD_META_API_VERSION}. */
    public static ObjectNode api() {
        return load("job-api-group-meta.json");
    }

    /** {@code worker} in namespace batch: task meta WORKER_VERSION=2.3.0 and QUEUE=emails. */
    public static ObjectNode worker() {
        return load("job-worker-task-meta.json");
    }

    public static ObjectNode load(String file) {
        String path = "/fixtures/nomad/" + file;
        try (InputStream in = JobFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode group(ObjectNode job, int index) {
        return (ObjectNode) job.get("TaskGroups").get(index);
    }

    public static ObjectNode task(ObjectNode job, int group, int task) {
        return (ObjectNode) group(job, group).get("Tasks").get(task);
    }

    public static void setImage(ObjectNode task, String image) {
        ((ObjectNode) task.get("Config")).put("image", image);
    }

    /** Adds a copy of task (group, 0) named {@code name} running {@code image}, with no task meta. */
    public static ObjectNode addTask(ObjectNode job, int group, String name, String image) {
        ObjectNode task = task(job, group, 0).deepCopy();
        task.put("Name", name);
        task.putNull("Meta");
        setImage(task, image);
        ((ArrayNode) group(job, group).get("Tasks")).add(task);
        return task;
    }

    /** Adds a copy of group 0 named {@code name}, its first task named {@code name} too. */
    public static ObjectNode addGroup(ObjectNode job, String name) {
        ObjectNode group = group(job, 0).deepCopy();
        group.put("Name", name);
        ((ObjectNode) group.get("Tasks").get(0)).put("Name", name);
        ((ArrayNode) job.get("TaskGroups")).add(group);
        return group;
    }

    /** The node's Meta object, created if it is null. */
    public static ObjectNode meta(ObjectNode node) {
        return node.get("Meta") instanceof ObjectNode meta ? meta : node.putObject("Meta");
    }
}
