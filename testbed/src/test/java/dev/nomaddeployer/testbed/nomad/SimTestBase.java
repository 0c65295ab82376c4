package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** A fresh simulator per test, with a fast scheduler. */
@Timeout(30)
abstract class SimTestBase {
    NomadSim sim;
    SimHttp http;

    NomadSim.Builder builder() {
        return NomadSim.builder().schedulerStepDelay(Duration.ofMillis(1)).heartbeatInterval(Duration.ofMillis(300));
    }

    @BeforeEach
    void startSim() {
        sim = builder().build().start();
        http = new SimHttp(sim);
    }

    @AfterEach
    void stopSim() {
        sim.stop();
    }

    /** Restarts with a scheduler too slow to move anything during the test: the register's own write is visible. */
    void frozenScheduler() {
        sim.stop();
        sim = builder().schedulerStepDelay(Duration.ofMinutes(5)).build().start();
        http = new SimHttp(sim);
    }

    void idle() {
        sim.awaitIdle(Duration.ofSeconds(10));
    }

    /** A minimal service job: one group, one docker task, job meta VERSION. */
    static ObjectNode minimalJob(String id, String version) {
        ObjectNode job = SimHttp.MAPPER.createObjectNode().put("ID", id);
        job.putObject("Meta").put("VERSION", version);
        ObjectNode group = job.putArray("TaskGroups").addObject().put("Name", id);
        ObjectNode task = group.putArray("Tasks").addObject().put("Name", id).put("Driver", "docker");
        task.putObject("Config").put("image", "registry:5000/team/" + id + ":${NOMAD_META_VERSION}");
        return job;
    }

    static String body(JsonNode job) {
        ObjectNode request = SimHttp.MAPPER.createObjectNode();
        request.set("Job", job);
        return request.toString();
    }

    SimHttp.Response register(JsonNode job) {
        return http.post("/v1/job/" + job.get("ID").asText(), body(job));
    }
}
