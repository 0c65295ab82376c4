package dev.nomaddeployer.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.DeploymentRead;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadError;
import dev.nomaddeployer.nomad.NomadException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads where one rollout stands from Nomad: which deployment the register caused (Nomad's answer to a register
 * names only the evaluation; the scheduler creates the deployment after it), then the deployment itself.
 */
final class RolloutCheck {
    private final NomadClient nomad;

    RolloutCheck(NomadClient nomad) {
        this.nomad = nomad;
    }

    /**
     * The rollout as Nomad has it now. With {@code wait} non-zero a known deployment is read with a blocking
     * query from the last ModifyIndex seen, so the answer comes as soon as it changes.
     */
    Rollout check(Rollout rollout, Duration wait, Instant now) throws NomadException {
        String ns = rollout.job().namespace();
        if (rollout.deploymentId() != null) {
            DeploymentRead read;
            try {
                read = nomad.readDeployment(ns, rollout.deploymentId(), wait.isZero() ? 0 : rollout.deploymentIndex(),
                        wait);
            } catch (NomadException e) {
                if (e.error() instanceof NomadError.NotFound) {
                    return rollout.ended(RolloutStatus.CANCELLED, "Nomad no longer has deployment "
                            + rollout.deploymentId() + " (garbage-collected before its end was seen)", null, now);
                }
                throw e;
            }
            return followed(rollout, read.deployment(), now);
        }
        // The register's evaluation names the deployment the scheduler made for it; the job's latest deployment
        // may already be a newer version's (an auto-revert makes one at once).
        ObjectNode eval = null;
        if (rollout.evalId() != null) {
            try {
                eval = nomad.readEvaluation(ns, rollout.evalId());
            } catch (NomadException e) {
                if (!(e.error() instanceof NomadError.NotFound)) {
                    throw e;
                }
            }
        }
        String deploymentId = eval == null ? "" : eval.path("DeploymentID").asText("");
        if (!deploymentId.isEmpty()) {
            DeploymentRead read = nomad.readDeployment(ns, deploymentId, 0, Duration.ZERO);
            return followed(rollout, read.deployment(), now);
        }
        Optional<ObjectNode> latest = nomad.latestDeployment(ns, rollout.job().jobId());
        if (latest.isPresent()) {
            long version = latest.get().path("JobVersion").asLong();
            if (version == rollout.jobVersion()) {
                return followed(rollout, latest.get(), now);
            }
            if (version > rollout.jobVersion()) {
                return rollout.ended(RolloutStatus.CANCELLED, "job version " + version + " replaced version "
                        + rollout.jobVersion() + " before Nomad started a deployment for it", null, now);
            }
        }
        if (eval == null) {
            return rollout.ended(RolloutStatus.NO_DEPLOYMENT, "Nomad shows no deployment for job version "
                    + rollout.jobVersion() + " and no longer has the register's evaluation", null, now);
        }
        return switch (eval.path("Status").asText("")) {
            // structs.EvalStatusComplete without a deployment: the scheduler placed the version without one
            // (batch and system jobs, groups without an update block or with max_parallel = 0).
            case "complete" -> rollout.ended(RolloutStatus.NO_DEPLOYMENT, "Nomad placed job version "
                    + rollout.jobVersion() + " without a deployment (a " + eval.path("Type").asText("job")
                    + " job, or groups without an update block): there is no rollout to follow", null, now);
            case "failed" -> rollout.ended(RolloutStatus.FAILED, "the evaluation failed: "
                    + eval.path("StatusDescription").asText(""), null, now);
            case "canceled" -> rollout.ended(RolloutStatus.CANCELLED, "the evaluation was cancelled: "
                    + eval.path("StatusDescription").asText(""), null, now);
            default -> rollout; // pending or blocked: the scheduler has not placed it yet
        };
    }

    /** The rollout as {@code deployment} shows it, with the failing tasks when it just failed. */
    private Rollout followed(Rollout rollout, ObjectNode deployment, Instant now) {
        return withFailures(rollout.withReading(DeploymentReading.of(deployment), now), now);
    }

    /** A rollout that just failed gets the failing allocations' last task events. */
    Rollout withFailures(Rollout rollout, Instant now) {
        if (!rollout.status().protectsTag() || rollout.deploymentId() == null || !rollout.failures().isEmpty()) {
            return rollout;
        }
        try {
            List<ObjectNode> allocations = nomad.deploymentAllocations(rollout.job().namespace(), rollout.deploymentId());
            return rollout.withFailures(FailingTasks.of(allocations));
        } catch (NomadException e) {
            // The failure is recorded either way; its allocations only say why.
            return rollout;
        }
    }
}
