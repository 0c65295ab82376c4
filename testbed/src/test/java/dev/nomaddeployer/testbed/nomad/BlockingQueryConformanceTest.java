package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#raft-index to #query-errors: the Raft index, response meta and blocking queries. */
class BlockingQueryConformanceTest extends SimTestBase {

    @Test
    @DisplayName("raft-index: every write bumps one global index shared by jobs, evals and deployments")
    void everyWriteBumpsTheGlobalIndex() {
        SimHttp.Response r = register(minimalJob("web", "1"));
        long registerIndex = r.json().get("Index").asLong();
        idle();
        var eval = http.get("/v1/evaluation/" + r.json().get("EvalID").asText()).json();
        var deployment = http.get("/v1/job/web/deployment").json();
        var job = http.get("/v1/job/web").json();
        assertThat(deployment.get("CreateIndex").asLong()).isGreaterThan(registerIndex);
        assertThat(eval.get("ModifyIndex").asLong()).isGreaterThan(deployment.get("CreateIndex").asLong());
        assertThat(deployment.get("ModifyIndex").asLong()).isGreaterThan(eval.get("ModifyIndex").asLong());
        assertThat(job.get("ModifyIndex").asLong()).isEqualTo(deployment.get("ModifyIndex").asLong());
        assertThat(sim.index()).isGreaterThanOrEqualTo(job.get("ModifyIndex").asLong());
    }

    @Test
    @DisplayName("response-headers: reads carry index, leader and contact headers, also on 404; register only the index")
    void responseMetaHeaders() {
        SimHttp.Response missing = http.get("/v1/job/nope");
        assertThat(missing.header("X-Nomad-Index")).isNotNull();
        assertThat(missing.header("X-Nomad-KnownLeader")).isEqualTo("true");
        assertThat(missing.header("X-Nomad-LastContact")).isEqualTo("0");
        SimHttp.Response write = register(minimalJob("web", "1"));
        assertThat(write.header("X-Nomad-Index")).isEqualTo(write.json().get("Index").asText());
        assertThat(write.header("X-Nomad-KnownLeader")).isNull();
        assertThat(write.header("X-Nomad-LastContact")).isNull();
    }

    @Test
    @DisplayName("endpoint-index: index of job read = ModifyIndex, of list = max(jobs, summaries), of versions = max version")
    void indexPerEndpoint() {
        register(minimalJob("web", "1"));
        idle();
        register(minimalJob("web", "2"));
        idle();
        SimHttp.Response job = http.get("/v1/job/web");
        assertThat(job.header("X-Nomad-Index")).isEqualTo(job.json().get("ModifyIndex").asText());
        SimHttp.Response versions = http.get("/v1/job/web/versions");
        long maxVersionIndex = 0;
        for (var v : versions.json().get("Versions")) {
            maxVersionIndex = Math.max(maxVersionIndex, v.get("ModifyIndex").asLong());
        }
        assertThat(versions.header("X-Nomad-Index")).isEqualTo(Long.toString(maxVersionIndex));
        SimHttp.Response list = http.get("/v1/jobs");
        var stub = list.json().get(0);
        long expected = Math.max(stub.get("ModifyIndex").asLong(), stub.at("/JobSummary/ModifyIndex").asLong());
        assertThat(Long.parseLong(list.header("X-Nomad-Index"))).isEqualTo(expected);
    }

    @Test
    @DisplayName("blocking-query: a blocking read waits for a change; an older index answers at once")
    void blockingReadWaitsForChange() throws Exception {
        register(minimalJob("web", "1"));
        idle();
        String current = http.get("/v1/job/web").header("X-Nomad-Index");
        // wait=5m: only the change can end this read before the client's time-out
        CompletableFuture<SimHttp.Response> blocked = CompletableFuture.supplyAsync(
                () -> http.get("/v1/job/web?index=" + current + "&wait=5m"));
        awaitBlockedReads(1);
        assertThat(blocked).isNotDone();
        sim.editJob("default", "web", job -> job.put("Priority", 70));
        SimHttp.Response r = blocked.get(20, TimeUnit.SECONDS);
        assertThat(Long.parseLong(r.header("X-Nomad-Index"))).isGreaterThan(Long.parseLong(current));
        assertThat(r.json().get("Priority").asInt()).isEqualTo(70);
        // an index the job has passed long ago: answered without waiting (a wait would outlast the time-out)
        SimHttp.Response older = http.get("/v1/job/web?index=1&wait=5m");
        assertThat(older.status()).isEqualTo(200);
        assertThat(Long.parseLong(older.header("X-Nomad-Index"))).isGreaterThanOrEqualTo(Long.parseLong(r.header("X-Nomad-Index")));
    }

    @Test
    @DisplayName("blocking-wait: wait=1s without change answers 200 with the same index, and not before the wait elapsed")
    void blockingReadTimesOutWithSameIndex() {
        register(minimalJob("web", "1"));
        idle();
        String current = http.get("/v1/job/web").header("X-Nomad-Index");
        long started = System.nanoTime();
        SimHttp.Response r = http.get("/v1/job/web?index=" + current + "&wait=1s");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-Nomad-Index")).isEqualTo(current);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    /**
     * Waits until {@code n} requests are parked inside the simulator's blocking query, so that a change made
     * next is one the read was already waiting for (and not one it merely finds when it arrives late).
     */
    private static void awaitBlockedReads(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (blockedReads() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no read is blocked in the simulator after 10 s");
            }
            Thread.sleep(5);
        }
    }

    private static long blockedReads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("readUntil")
                        && f.getClassName().endsWith(".ClusterState")))
                .count();
    }

    @Test
    @DisplayName("query-errors: bad index, wait, per_page and stale are 400 with exact texts")
    void badQueryParameters() {
        assertThat(http.get("/v1/jobs?index=abc").body()).isEqualTo("Invalid index");
        assertThat(http.get("/v1/jobs?wait=10").body()).isEqualTo("Invalid wait time");
        assertThat(http.get("/v1/jobs?per_page=x").body())
                .isEqualTo("Expect a number for `per_page` query string parameter");
        SimHttp.Response stale = http.get("/v1/jobs?stale=x");
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.body()).isEqualTo("Expect `true` or `false` for `stale` query string parameter");
        assertThat(http.get("/v1/jobs?stale").status()).isEqualTo(200);
    }
}
