package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Reads the simulator the way an operator would check a rollout (the job's meta as Nomad serves it), counts
 * the service's requests, and plays the operator who changes jobs. Every request carries {@link #USER_AGENT},
 * so the simulator's counts tell the benchmark's requests from the service's.
 */
public final class NomadObserver {
    public static final String USER_AGENT = "nomad-deployer-bench";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String BLOCK = "2s";

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI base;

    public NomadObserver(HttpClient http, ObjectMapper json, URI simBase) {
        this.http = http;
        this.json = json;
        this.base = simBase;
    }

    /** A job being watched with blocking queries; {@link #primed()} completes once its first read is in. */
    public record Watch(CompletableFuture<Void> primed, CompletableFuture<Long> applied) {
    }

    /**
     * Watches {@code GET /v1/job/<id>} with blocking queries (the answer comes as soon as the job's index
     * moves), and completes with {@link System#nanoTime()} of the first answer whose {@code Meta.VERSION}
     * satisfies {@code applied}.
     */
    public Watch watch(String jobId, Predicate<String> applied, long deadlineNanos) {
        Watch watch = new Watch(new CompletableFuture<>(), new CompletableFuture<>());
        poll(jobId, 0, applied, deadlineNanos, watch);
        return watch;
    }

    private void poll(String jobId, long index, Predicate<String> applied, long deadlineNanos, Watch watch) {
        if (System.nanoTime() > deadlineNanos) {
            watch.primed.complete(null);
            watch.applied.completeExceptionally(new BenchFailure("job " + jobId + " never reached the pushed tag"));
            return;
        }
        String query = index == 0 ? "" : "?index=" + index + "&wait=" + BLOCK;
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/job/" + jobId + query))
                .header("User-Agent", USER_AGENT).timeout(REQUEST_TIMEOUT).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            long at = System.nanoTime();
            watch.primed.complete(null);
            if (error != null || response.statusCode() != 200) {
                watch.applied.completeExceptionally(new BenchFailure("GET /v1/job/" + jobId + " on the simulator failed: "
                        + (error != null ? error : response.statusCode() + " " + new String(response.body()))));
                return;
            }
            String version = readVersion(response.body());
            if (version != null && applied.test(version)) {
                watch.applied.complete(at);
                return;
            }
            long next = response.headers().firstValueAsLong("X-Nomad-Index").orElse(index);
            poll(jobId, next, applied, deadlineNanos, watch);
        });
    }

    private String readVersion(byte[] body) {
        try {
            JsonNode version = json.readTree(body).path("Meta").path("VERSION");
            return version.isTextual() ? version.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Polls the job list until every job in {@code expected} shows its expected {@code VERSION}; returns
     * {@link System#nanoTime()} of the read that first showed them all. A plain poll, not a blocking query:
     * during a rollout the list index moves with every scheduler step, and re-reading all jobs that often
     * would take CPU from the service being measured.
     */
    public long awaitVersions(Map<String, String> expected, Duration interval, Duration timeout,
                              ManagedProcess service) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> behind = new TreeMap<>(expected);
        while (true) {
            long at = System.nanoTime();
            Map<String, String> actual = listVersions();
            behind.entrySet().removeIf(e -> e.getValue().equals(actual.get(e.getKey())));
            if (behind.isEmpty()) {
                return at;
            }
            if (System.nanoTime() > deadline) {
                var first = behind.entrySet().iterator().next();
                throw new BenchFailure(behind.size() + " job(s) not at their last pushed tag after "
                        + timeout.toSeconds() + " s, e.g. " + first.getKey() + " wants " + first.getValue()
                        + " but shows " + actual.get(first.getKey()));
            }
            service.requireAlive("while the simulator's jobs were catching up");
            ManagedProcess.pause(interval);
        }
    }

    private Map<String, String> listVersions() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/jobs?meta=true"))
                .header("User-Agent", USER_AGENT).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new BenchFailure("GET /v1/jobs on the simulator answered " + response.statusCode());
            }
            Map<String, String> versions = new TreeMap<>();
            for (JsonNode stub : json.readTree(response.body())) {
                versions.put(stub.path("ID").asText(), stub.path("Meta").path("VERSION").asText(null));
            }
            return versions;
        } catch (IOException e) {
            throw new BenchFailure("GET /v1/jobs on the simulator failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while reading the simulator");
        }
    }

    /** The service's requests so far, as the simulator counted them ({@code GET /_sim/requests}). */
    public RequestTally requestTally() {
        return RequestTally.fromSimulator(exchange("GET", "/_sim/requests", null), USER_AGENT);
    }

    /** Registers {@code job} (the {@code GET /v1/job/:id} shape) as another Nomad client would. */
    public void registerJob(ObjectNode job) {
        ObjectNode request = json.createObjectNode();
        request.set("Job", job);
        exchange("POST", "/v1/jobs", request);
    }

    /** An operator's change to one job: read it, set a job meta key, register it again. */
    public void setJobMeta(String jobId, String key, String value) {
        ObjectNode job = (ObjectNode) exchange("GET", "/v1/job/" + jobId, null);
        ObjectNode meta = job.get("Meta") instanceof ObjectNode existing ? existing : job.putObject("Meta");
        meta.put(key, value);
        registerJob(job);
    }

    private JsonNode exchange(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("User-Agent", USER_AGENT)
                .timeout(REQUEST_TIMEOUT);
        try {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new BenchFailure(method + " " + path + " on the simulator answered " + response.statusCode() + ": "
                        + new String(response.body()));
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new BenchFailure(method + " " + path + " on the simulator failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while calling the simulator");
        }
    }
}
