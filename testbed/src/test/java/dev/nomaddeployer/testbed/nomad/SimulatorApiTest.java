package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Java API tests use: direct registers, operator edits, records and faults. */
class SimulatorApiTest extends SimTestBase {

    @Test
    @DisplayName("editJob is an operator change: a new version that a stale EnforceIndex then loses")
    void operatorEditMakesEnforceIndexFail() {
        sim.registerJob(minimalJob("web", "1"));
        long read = sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong();
        sim.editJob("default", "web", job -> job.put("Priority", 70));
        SimHttp.Response r = http.post("/v1/jobs", "{\"EnforceIndex\":true,\"JobModifyIndex\":" + read
                + ",\"Job\":" + minimalJob("web", "2") + "}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).startsWith("Enforcing job modify index " + read);
        assertThat(sim.registrations()).isEmpty();
    }

    @Test
    @DisplayName("onNextRegisterOf applies a concurrent edit just before the register is processed")
    void concurrentEditBeforeNextRegister() {
        sim.registerJob(minimalJob("web", "1"));
        long read = sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong();
        sim.faults().onNextRegisterOf("default", "web", job -> ((ObjectNode) job.get("Meta")).put("OPERATOR", "x"));
        String body = "{\"EnforceIndex\":true,\"JobModifyIndex\":" + read + ",\"Job\":" + minimalJob("web", "2") + "}";
        assertThat(http.post("/v1/jobs", body).body()).contains("conflicting job modify index");
        assertThat(sim.versions("default", "web")).hasSize(2);
        long fresh = sim.job("default", "web").orElseThrow().get("JobModifyIndex").asLong();
        assertThat(http.post("/v1/jobs", body.replace(":" + read + ",", ":" + fresh + ",")).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("registrations record accepted HTTP registers with meta and spec-change flag")
    void registrationsAreRecorded() {
        register(minimalJob("web", "1"));
        register(minimalJob("web", "1"));
        assertThat(sim.registrations()).extracting(Registration::specChanged).containsExactly(true, false);
        Registration first = sim.registrations().get(0);
        assertThat(first.meta().get("VERSION").asText()).isEqualTo("1");
        assertThat(first.jobId()).isEqualTo("web");
        assertThat(sim.requests()).extracting(RecordedRequest::method).containsExactly("POST", "POST");
        sim.resetRecords();
        assertThat(sim.registrations()).isEmpty();
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    @DisplayName("GET /_sim/requests counts the recorded requests by client, endpoint and status; reading it is neither recorded nor faulted")
    void requestCountsForAnotherProcess() {
        sim.registerJob(minimalJob("web", "1"));
        http.get("/v1/job/web", "User-Agent", "deployer");
        http.get("/v1/job/web?index=1", "User-Agent", "deployer");
        http.get("/v1/job/nope", "User-Agent", "deployer");
        http.get("/v1/job/web/versions", "User-Agent", "deployer");
        http.get("/v1/jobs?meta=true", "User-Agent", "bench");
        sim.faults().failNext(1, 503, "No cluster leader");

        SimHttp.Response counts = http.get("/_sim/requests");

        assertThat(counts.status()).isEqualTo(200);
        assertThat(counts.json().get("requests")).extracting(row -> row.get("client").asText() + " "
                        + row.get("method").asText() + " " + row.get("endpoint").asText() + " "
                        + row.get("status").asInt() + " x" + row.get("count").asLong())
                .containsExactly("bench GET /v1/jobs 200 x1", "deployer GET /v1/job/:id 200 x2",
                        "deployer GET /v1/job/:id 404 x1", "deployer GET /v1/job/:id/versions 200 x1");
        assertThat(sim.requests()).hasSize(5);
        assertThat(http.get("/v1/jobs").status()).as("the fault waits for the next Nomad request").isEqualTo(503);
    }

    @Test
    @DisplayName("failNext answers the next requests with the given status, then recovers")
    void failNextThenRecover() {
        sim.faults().failNext(2, 503, "No cluster leader");
        assertThat(http.get("/v1/jobs").status()).isEqualTo(503);
        assertThat(http.get("/v1/jobs").body()).isEqualTo("No cluster leader");
        assertThat(http.get("/v1/jobs").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("failNextTo answers only the requests to that path with the given status, then recovers")
    void failNextToFailsOnlyThatPath() {
        sim.faults().failNextTo("/v1/job/web/plan", 1, 500, "No cluster leader");
        assertThat(http.get("/v1/jobs").status()).isEqualTo(200);
        SimHttp.Response failed = http.send("PUT", "/v1/job/web/plan", "{}");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("No cluster leader");
        assertThat(http.send("PUT", "/v1/job/web/plan", "{}").status()).isEqualTo(400);
    }

    @Test
    @DisplayName("dropNext closes the connection without an answer")
    void dropNextClosesConnection() {
        sim.faults().dropNext(1);
        // a POST, because the JDK client silently retries an idempotent GET once
        assertThatThrownBy(() -> register(minimalJob("web", "1"))).isInstanceOf(UncheckedIOException.class);
        assertThat(sim.job("default", "web")).isEmpty();
        assertThat(http.get("/v1/jobs").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("loseAnswerToNextRegisterOf commits the register, then closes the connection without the answer")
    void lostAnswerToARegisterStillMakesTheVersion() {
        sim.registerJob(minimalJob("web", "1"));
        sim.faults().loseAnswerToNextRegisterOf("default", "web");
        assertThatThrownBy(() -> http.post("/v1/job/web?namespace=default", "{\"Job\":" + minimalJob("web", "2") + "}"))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(sim.versions("default", "web")).hasSize(2);
        assertThat(sim.registrations()).hasSize(1);
        assertThat(http.post("/v1/job/web", "{\"Job\":" + minimalJob("web", "3") + "}").status())
                .as("only the next register loses its answer").isEqualTo(200);
    }

    @Test
    @DisplayName("latency delays every answer")
    void latencyDelaysAnswers() {
        sim.faults().latency(Duration.ofMillis(300));
        long started = System.nanoTime();
        http.get("/v1/jobs");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        sim.faults().clear();
    }

    @Test
    @DisplayName("down refuses connections; up serves the same state on the same port")
    void downAndUpKeepState() {
        sim.registerJob(minimalJob("web", "1"));
        int port = sim.port();
        sim.down();
        assertThatThrownBy(() -> http.get("/v1/jobs")).isInstanceOf(UncheckedIOException.class);
        sim.up();
        assertThat(sim.port()).isEqualTo(port);
        JsonNode list = http.get("/v1/jobs").json();
        assertThat(list).hasSize(1);
    }

    @Test
    @DisplayName("loadJobs registers GET-shaped jobs with defaults and indexes applied")
    void loadJobsFromGetShapes() {
        sim.loadJobs(SimHttp.MAPPER.createArrayNode().add(Fixtures.json("job-web.json"))
                .add(Fixtures.json("job-worker-task-meta.json")));
        JsonNode web = sim.job("default", "web").orElseThrow();
        assertThat(web.get("Version").asInt()).isZero();
        assertThat(web.get("CreateIndex").asLong()).isGreaterThan(0);
        assertThat(sim.job("batch", "worker")).isPresent();
    }
}
