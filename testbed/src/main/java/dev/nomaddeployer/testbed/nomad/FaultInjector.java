package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.nomad.http.HttpFront;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Misbehaviour on demand: slow answers, error answers, dropped connections, races with an operator. */
public final class FaultInjector {
    private record JobKey(String namespace, String id) {
    }

    private volatile Duration latency = Duration.ZERO;
    private int failRemaining;
    private int failStatus;
    private String failBody = "";
    private int dropRemaining;
    private final Map<JobKey, Consumer<ObjectNode>> registerHooks = new ConcurrentHashMap<>();

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

    public synchronized FaultInjector clear() {
        latency = Duration.ZERO;
        failRemaining = 0;
        dropRemaining = 0;
        registerHooks.clear();
        return this;
    }

    Duration latency() {
        return latency;
    }

    synchronized HttpFront.Fault next() {
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

    Consumer<ObjectNode> takeRegisterHook(String namespace, String jobId) {
        return registerHooks.remove(new JobKey(namespace, jobId));
    }
}
