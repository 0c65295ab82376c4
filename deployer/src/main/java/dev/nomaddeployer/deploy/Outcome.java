package dev.nomaddeployer.deploy;

import java.util.Arrays;
import java.util.Locale;

/** What became of one push for one job; the {@code status} filter of the history API uses these names. */
public enum Outcome {
    /** Nomad accepted the job with the new tag. */
    REGISTERED,
    /** The job already ran that tag; nothing was written to Nomad. */
    ALREADY_CURRENT,
    /** The push matched no job, or the job could not take it (missing meta key, tag shape); see message. */
    SKIPPED,
    /** Nomad refused for good (permission, job gone, validation); Nomad's message is kept. */
    FAILED,
    /** A newer push for the same job and repository took its place, or it arrived after a newer one. */
    SUPERSEDED,
    /** Nomad's pre-flight plan said placements would fail, so the job was not registered; see message. */
    REFUSED,
    /** Dry run: the job would have been registered with this change; the message has Nomad's plan of it. */
    WOULD_REGISTER,
    /** An operator put the push back for another try after a retryable outcome (who, in the message). */
    RETRIED;

    /**
     * Whether a push whose last decision for a job was this can be put back for another try by an operator
     * ({@code nomad-deployer retry}, {@code POST /api/v1/jobs/NS/JOB/retry}): the one definition of that set. A
     * refused register (placement would fail) is retried once the cluster has room, so it counts.
     */
    public boolean retryable() {
        return this == FAILED || this == REFUSED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome named {@code label}; the message lists the names accepted. */
    public static Outcome fromLabel(String label) {
        for (Outcome outcome : values()) {
            if (outcome.label().equals(label)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ",
                Arrays.stream(values()).map(Outcome::label).toList()) + "; got \"" + label + "\"");
    }
}
