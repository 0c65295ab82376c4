package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.nomad.http.HttpFront;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Misbehaviour on demand: slow answers, error answers, dropped connections, races with an operator. */
public final class FaultInjector {
    private record JobKey(String namespace, String id) {
    }

    private record Failure(int remaining, int status, String body) {
    }

    private volatile Duration latency = Duration.ZERO;
    private int failRemaining;
    private int failStatus;
    private String failBody = "";
    private int dropRemaining;
    private final Map<String, Failure> pathFailures = new ConcurrentHashMap<>();
    private final Map<JobKey, Consumer<ObjectNode>> registerHooks = new ConcurrentHashMap<>();
    private final Set<JobKey> lostAnswers = ConcurrentHashMap.newKeySet();

    /** Added before every request is handled. */
    public FaultInjector latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** The next {@code n} requests answer {@code status} with {@code body} as text/plain. */
    public synchronized FaultInjector failNext(int n, int status, String body) {
        failRemaining = n;
        failStatus = status;
        failBody = body;
        return this;
    }

    /**
     * The next {@code n} requests to exactly {@code path} (e.g. {@code /v1/job/web/plan}) answer {@code status}
     * with {@code body}; other requests are not affected.
     */
    public FaultInjector failNextTo(String path, int n, int status, String body) {
        pathFailures.put(path, new Failure(n, status, body));
        return this;
    }

    /** The next {@code n} requests get their connection closed without any answer. */
    public synchronized FaultInjector dropNext(int n) {
        dropRemaining = n;
        return this;
    }

    /**
     * Just before the next register of this job is processed, {@code edit} is applied as an operator
     * change (a new version), so a register that enforces the index it read then fails.
     */
    public FaultInjector onNextRegisterOf(String namespace, String jobId, Consumer<ObjectNode> edit) {
        registerHooks.put(new JobKey(namespace, jobId), edit);
        return this;
    }

    /**
     * The next register of this job through {@code /v1/job/:id} is carried out (a new version, an eval), then
     * its connection is closed without the answer: a Nomad that committed a write the client never heard of.
     */
    public FaultInjector loseAnswerToNextRegisterOf(String namespace, String jobId) {
        lostAnswers.add(new JobKey(namespace, jobId));
        return this;
    }

    public synchronized FaultInjector clear() {
        latency = Duration.ZERO;
        failRemaining = 0;
        dropRemaining = 0;
        registerHooks.clear();
        lostAnswers.clear();
        pathFailures.clear();
        return this;
    }

    Duration latency() {
        return latency;
    }

    synchronized HttpFront.Fault next(String path) {
        Failure atPath = pathFailures.get(path);
        if (atPath != null) {
            if (atPath.remaining() <= 1) {
                pathFailures.remove(path);
            } else {
                pathFailures.put(path, new Failure(atPath.remaining() - 1, atPath.status(), atPath.body()));
            }
            return new HttpFront.Fail(atPath.status(), atPath.body());
        }
        if (dropRemaining > 0) {
            dropRemaining--;
            return new HttpFront.Drop();
        }
        if (failRemaining > 0) {
            failRemaining--;
            return new HttpFront.Fail(failStatus, failBody);
        }
        return new HttpFront.Proceed();
    }

    boolean loseAnswer(String method, String path, String rawQuery) {
        if (!(method.equals("POST") || method.equals("PUT")) || !path.startsWith("/v1/job/")
                || path.indexOf('/', "/v1/job/".length()) >= 0) {
            return false;
        }
        String namespace = "default";
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            if (pair.startsWith("namespace=")) {
                namespace = URLDecoder.decode(pair.substring("namespace=".length()), StandardCharsets.UTF_8);
            }
        }
        return lostAnswers.remove(new JobKey(namespace, path.substring("/v1/job/".length())));
    }

    Consumer<ObjectNode> takeRegisterHook(String namespace, String jobId) {
        return registerHooks.remove(new JobKey(namespace, jobId));
    }
}
