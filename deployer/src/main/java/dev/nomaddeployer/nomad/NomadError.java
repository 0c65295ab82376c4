package dev.nomaddeployer.nomad;

/**
 * What a failed Nomad call means for the caller. Nomad answers most server-side problems with HTTP 500
 * and a plain-text message, so the status code alone cannot tell a lost race from a bad job.
 */
public sealed interface NomadError {
    String message();

    /** Nomad could not be reached or could not answer now; the same call may succeed later. */
    record Transient(String message) implements NomadError {}

    /** EnforceIndex rejected our write: the job changed since we read it. Re-read and re-plan. */
    record Conflict(String message) implements NomadError {}

    /** Retrying the same call will not help: ACL, missing job or namespace, a job Nomad rejects. */
    record Permanent(String message) implements NomadError {}
}
