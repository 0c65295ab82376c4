package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated cluster: job {@code bench-i} runs {@code registry.bench:5000/team/svc-(i mod R)} tagged by its
 * job meta {@code VERSION}, so every repository is used by about N/R jobs.
 */
public final class BenchFleet {
    static final String REGISTRY_HOST = "registry.bench:5000";
    static final String INITIAL_VERSION = "0.0.0";
    private static final String TEMPLATE = "/fixtures/nomad/job-web.json";

    private final int jobs;
    private final int repos;

    public BenchFleet(int jobs, int repos) {
        this.jobs = jobs;
        this.repos = repos;
    }

    public int jobCount() {
        return jobs;
    }

    public int repoCount() {
        return repos;
    }

    public static String jobId(int job) {
        return "bench-" + job;
    }

    public static String repository(int repo) {
        return "team/svc-" + repo;
    }

    public int repoOfJob(int job) {
        return job % repos;
    }

    public List<String> jobsUsing(int repo) {
        List<String> ids = new ArrayList<>();
        for (int job = repo; job < jobs; job += repos) {
            ids.add(jobId(job));
        }
        return ids;
    }

    /** The {@code --jobs} file for nomad-sim: copies of the captured web job, renamed and re-imaged. */
    public ArrayNode simulatorJobs(ObjectMapper json) {
        ObjectNode template = readTemplate(json);
        ArrayNode all = json.createArrayNode();
        for (int job = 0; job < jobs; job++) {
            all.add(job(template, jobId(job), repository(repoOfJob(job))));
        }
        return all;
    }

    /** One more job like the others, outside the fleet: {@code id} running {@code repository}. */
    public static ObjectNode extraJob(ObjectMapper json, String id, String repository) {
        return job(readTemplate(json), id, repository);
    }

    private static ObjectNode job(ObjectNode template, String id, String repository) {
        ObjectNode copy = template.deepCopy();
        copy.put("ID", id);
        copy.put("Name", id);
        JsonNode groups = copy.path("TaskGroups");
        if (groups.size() != 1 || groups.get(0).path("Tasks").size() != 1) {
            throw new IllegalStateException(TEMPLATE + " must hold one group with one task");
        }
        ((ObjectNode) groups.get(0).path("Tasks").get(0).path("Config"))
                .put("image", REGISTRY_HOST + "/" + repository + ":${NOMAD_META_VERSION}");
        copy.putObject("Meta").put("VERSION", INITIAL_VERSION);
        return copy;
    }

    private static ObjectNode readTemplate(ObjectMapper json) {
        try (InputStream in = BenchFleet.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the benchmark jar");
            }
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE, e);
        }
    }
}
