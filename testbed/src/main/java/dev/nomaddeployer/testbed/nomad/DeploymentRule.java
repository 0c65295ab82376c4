package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;

/** Decides how the simulated deployment of a job version ends; tests swap it with {@code sim.deploymentRule}. */
@FunctionalInterface
public interface DeploymentRule {

    enum Outcome { SUCCEED, FAIL, STAY_RUNNING }

    /** Called with a copy of the job version being deployed. */
    Outcome outcomeFor(ObjectNode job);

    static DeploymentRule succeedAll() {
        return job -> Outcome.SUCCEED;
    }

    static DeploymentRule stayRunning() {
        return job -> Outcome.STAY_RUNNING;
    }

    /** Allocations of matching versions never become healthy: the deployment fails. */
    static DeploymentRule failWhen(Predicate<ObjectNode> unhealthy) {
        return job -> unhealthy.test(job) ? Outcome.FAIL : Outcome.SUCCEED;
    }

    /** Fails versions whose job-level meta {@code key} equals {@code value}, e.g. a broken image tag. */
    static DeploymentRule failWhenMeta(String key, String value) {
        return failWhen(job -> value.equals(job.path("Meta").path(key).asText(null)));
    }
}
