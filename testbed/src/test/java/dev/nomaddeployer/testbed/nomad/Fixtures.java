package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The Nomad fixtures and the cluster story they were captured from (docs/nomad-api.md, introduction). */
final class Fixtures {
    /** Values that depend on time, randomness or index arithmetic, not on behaviour. */
    static final Set<String> VOLATILE = Set.of("SubmitTime", "CreateIndex", "ModifyIndex", "JobModifyIndex",
            "JobSpecModifyIndex", "JobCreateIndex", "SnapshotIndex", "CreateTime", "ModifyTime", "ID", "EvalID",
            "DeploymentID", "RequireProgressBy", "Index", "Key", "EvalCreateIndex");

    private Fixtures() {
    }

    static ObjectNode json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/nomad/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("fixture " + name + " not on the test classpath");
            }
            return (ObjectNode) SimHttp.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/nomad/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode webJob(String version) {
        ObjectNode web = json("job-web.json");
        ((ObjectNode) web.get("Meta")).put("VERSION", version);
        return web;
    }

    /** Rebuilds the fixture story: web v0 and v1 deployed, api with group meta, worker in `batch`. */
    static void story(NomadSim sim) {
        sim.createNamespace("batch");
        sim.registerJob(webJob("1.4.1"));
        sim.registerJob(json("job-api-group-meta.json"));
        sim.registerJob(json("job-worker-task-meta.json"));
        sim.awaitIdle(Duration.ofSeconds(10));
        sim.registerJob(webJob("1.5.0"));
        sim.awaitIdle(Duration.ofSeconds(10));
    }

    /** Same keys in the same order at every level, and equal values except the volatile ones. */
    static void assertMatches(JsonNode actual, JsonNode expected, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object: " + actual).isTrue();
            assertThat(fieldNames(actual)).as("keys of " + path).containsExactlyElementsOf(fieldNames(expected));
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!VOLATILE.contains(name)) {
                    assertMatches(actual.get(name), expected.get(name), path + "." + name);
                } else {
                    assertThat(actual.get(name).getNodeType()).as(path + "." + name + " type")
                            .isEqualTo(expected.get(name).getNodeType());
                }
            }
        } else if (expected.isArray() && path.endsWith(".FilterKeys")) {
            // [JobID, DeploymentID]: the job ID is stable, the deployment ID is random
            assertThat(actual.size()).as("length of " + path).isEqualTo(expected.size());
            assertThat(actual.get(0)).as(path + "[0]").isEqualTo(expected.get(0));
            assertThat(actual.get(expected.size() - 1).asText().isEmpty())
                    .isEqualTo(expected.get(expected.size() - 1).asText().isEmpty());
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(path + " is an array: " + actual).isTrue();
            assertThat(actual.size()).as("length of " + path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(actual.get(i), expected.get(i), path + "[" + i + "]");
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
