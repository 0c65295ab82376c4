package dev.nomaddeployer.rollout;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where the rollout of a job version the service registered stands; the history and the API show these names.
 * The last five are ends: the follow-up stops there.
 */
public enum RolloutStatus {
    /** Nomad has not started a deployment yet, or it is placing and health-checking allocations. */
    ROLLING_OUT(false),
    /** Canaries are placed and Nomad waits for someone to promote them ({@code nomad deployment promote}). */
    AWAITING_PROMOTION(false),
    /** Nomad's deployment completed successfully; the version is stable. */
    ROLLED_OUT(true),
    /** The deployment failed and nothing reverted the job: the failing version is still the current one. */
    FAILED(true),
    /** The deployment failed, or someone reverted it, and an older version runs again. */
    ROLLED_BACK(true),
    /** A newer version of the job, or a stop, ended the deployment before it finished. */
    CANCELLED(true),
    /** Nomad rolls this version out without a deployment (batch and system jobs, groups without update). */
    NO_DEPLOYMENT(true);

    private final boolean finished;

    RolloutStatus(boolean finished) {
        this.finished = finished;
    }

    public boolean finished() {
        return finished;
    }

    /** A version whose rollout ended like this is never applied to that job again automatically. */
    public boolean protectsTag() {
        return this == FAILED || this == ROLLED_BACK;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code label}; the message lists the names accepted. */
    public static RolloutStatus fromLabel(String label) {
        for (RolloutStatus status : values()) {
            if (status.label().equals(label)) {
                return status;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ",
                Arrays.stream(values()).map(RolloutStatus::label).toList()) + "; got \"" + label + "\"");
    }
}
