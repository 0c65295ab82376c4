package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/**
 * Decides how the allocations of a deployed job version behave; tests swap it with {@code sim.deploymentRule}.
 * The deployment's own end follows from that as Nomad's deployment watcher decides it (see
 * docs/testbed-nomad-sim.md#deployments-and-allocations).
 */
@FunctionalInterface
public interface DeploymentRule {

    /** Called with a copy of the job version being deployed. */
    Outcome outcomeFor(ObjectNode job);

    /** What the allocations of one version do. */
    sealed interface Outcome permits Succeed, StayRunning, Fail {}

    /** Every allocation runs and turns healthy. */
    record Succeed() implements Outcome {}

    /** Allocations stay pending and never report health: the deployment stays running. */
    record StayRunning() implements Outcome {}

    /** Every allocation of the version fails as {@code failure} says. */
    record Fail(AllocFailure failure) implements Outcome {}

    /** How an allocation fails, as the Nomad client reports it. */
    sealed interface AllocFailure permits DriverFailure, NeverHealthy {}

    /**
     * The driver cannot start the task (e.g. the image pull fails): a {@code Driver Failure} task event with
     * {@code driverError}, restarts per the group's restart policy, then {@code Not Restarting}, task dead and
     * failed, allocation {@code failed}.
     */
    record DriverFailure(String driverError) implements AllocFailure {}

    /**
     * The task runs but the allocation is not healthy by its healthy deadline: the client's health watcher
     * marks it unhealthy and adds an {@code Alloc Unhealthy} task event with {@code message}; the allocation
     * keeps running. A null message means the health tracker's text for a task that keeps restarting,
     * {@code Task not running for min_healthy_time of <m> by healthy_deadline of <d>}.
     */
    record NeverHealthy(String message) implements AllocFailure {}

    static DeploymentRule succeedAll() {
        return job -> new Succeed();
    }

    static DeploymentRule stayRunning() {
        return job -> new StayRunning();
    }

    /** Allocations of matching versions never become healthy: the deployment fails. */
    static DeploymentRule failWhen(Predicate<ObjectNode> unhealthy) {
        return failWhen(unhealthy, new NeverHealthy(null));
    }

    /** Allocations of matching versions fail as {@code failure} says; other versions succeed. */
    static DeploymentRule failWhen(Predicate<ObjectNode> matches, AllocFailure failure) {
        return job -> matches.test(job) ? new Fail(failure) : new Succeed();
    }

    /** Fails versions whose job-level meta {@code key} equals {@code value}, e.g. a broken image tag. */
    static DeploymentRule failWhenMeta(String key, String value) {
        return failWhen(job -> value.equals(job.path("Meta").path(key).asText(null)));
    }

    /**
     * Versions whose job-level meta {@code key} equals {@code value} cannot pull {@code image}: the docker
     * driver's text for a registry that does not know the tag.
     */
    static DeploymentRule failPullWhenMeta(String key, String value, String image) {
        return failWhen(job -> value.equals(job.path("Meta").path(key).asText(null)),
                new DriverFailure(pullFailure(image)));
    }

    /**
     * The docker driver's error for a tag the registry does not have: {@code recoverablePullError} wraps the
     * daemon's answer in {@code Failed to pull `<image>`: ...}.
     */
    static String pullFailure(String image) {
        int colon = image.lastIndexOf(':');
        String tag = colon > image.lastIndexOf('/') ? image : image + ":latest";
        return "Failed to pull `" + image + "`: Error response from daemon: manifest for " + tag
                + " not found: manifest unknown: manifest unknown";
    }
}
