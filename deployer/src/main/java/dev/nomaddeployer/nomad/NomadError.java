package dev.nomaddeployer.nomad;

/**
 * What a failed Nomad call means for the caller. Nomad answers most server-side problems with HTTP 500
 * and a plain-text message, so the status code alone cannot tell a lost race from a bad job; the meaning is
 * decided once, where the answer arrives ({@link NomadErrors}), and callers decide by type from then on.
 */
public sealed interface NomadError {
    String message();

    /** Whether the same call may succeed later without anyone changing anything. */
    boolean retryable();

    /** Nomad could not be reached or could not answer now (down, no leader, time-out, 5xx from a proxy). */
    record Unavailable(String message) implements NomadError {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /**
     * Nomad answered something that is not what the endpoint returns (not JSON, not a job): a proxy or a
     * broken answer in between, worth another try rather than a decision taken on it.
     */
    record BadAnswer(String message) implements NomadError {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** EnforceIndex rejected our write: the job changed since we read it. Re-read and re-plan. */
    record Conflict(String message) implements NomadError {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The ACL token lacks the capability the call needs ({@link NomadCall#capability()}). */
    record PermissionDenied(String message) implements NomadError {
        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The job (or its namespace) does not exist. */
    record NotFound(String message) implements NomadError {
        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** Nomad refused the request itself (validation errors, a change Nomad does not allow, no such region). */
    record Rejected(String message) implements NomadError {
        @Override
        public boolean retryable() {
            return false;
        }
    }
}
