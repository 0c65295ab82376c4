package dev.nomaddeployer.nomad;

/**
 * What a failed Nomad call means for the caller. Nomad answers most server-side problems with HTTP 500
 * and a plain-text message, so the status code alone cannot tell a lost race from a bad job; the meaning is
 * decided once, where the answer arrives ({@link NomadErrors}), and callers decide by type from then on.
 */
public sealed interface NomadError {
    String message();

    /** Whether the same call may succeed later without anyone changing anything. */
    default boolean retryable() {
        return this instanceof Retryable;
    }

    /** The same call may succeed later. */
    sealed interface Retryable extends NomadError {}

    /** Retrying the same call will not help until someone changes the token, the job or the cluster. */
    sealed interface Final extends NomadError {}

    /** Nomad could not be reached or could not answer now (down, no leader, time-out, 5xx from a proxy). */
    record Unavailable(String message) implements Retryable {}

    /**
     * Nomad answered something that is not what the endpoint returns (not JSON, not a job): a proxy or a
     * broken answer in between, worth another try rather than a decision taken on it.
     */
    record BadAnswer(String message) implements Retryable {}

    /** EnforceIndex rejected our write: the job changed since we read it. Re-read and re-plan. */
    record Conflict(String message) implements Retryable {}

    /** The ACL token lacks the capability the call needs ({@link NomadCall#capability()}). */
    record PermissionDenied(String message) implements Final {}

    /** The job (or its namespace) does not exist. */
    record NotFound(String message) implements Final {}

    /**
     * This Nomad does not have the endpoint: it predates the feature (e.g. job version tags, Nomad 1.9). Decided
     * by the call and the status only, where the endpoint's own answers cannot have that status.
     */
    record Unsupported(String message) implements Final {}

    /** Nomad refused the request itself (validation errors, a change Nomad does not allow, no such region). */
    record Rejected(String message) implements Final {}
}
