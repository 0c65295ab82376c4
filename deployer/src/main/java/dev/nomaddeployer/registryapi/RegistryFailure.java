package dev.nomaddeployer.registryapi;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a registry did not answer the question asked, whichever it was ({@link TagLookup}, {@link TagListing}): the
 * answers every read can end with, decided by type.
 */
public sealed interface RegistryFailure extends TagLookup, TagListing {

    /**
     * 401 or 403 from the registry or its token service: no credentials where some are needed, or credentials
     * refused or not allowed to pull. {@code credentialsSent}: whether configured credentials were offered.
     */
    record Unauthorized(boolean credentialsSent, String detail) implements RegistryFailure {
        public boolean retryable() {
            return false;
        }
    }

    /** No answer in time, a refused connection, or a 5xx: the registry is not serving now. */
    record Unreachable(String detail) implements RegistryFailure {
        public boolean retryable() {
            return true;
        }
    }

    /**
     * Not now: the registry answered 429, or nothing was sent because the registry's back-off after a 429 has not
     * ended or its {@code rate_limit} has no request to spare within {@code registry.timeout} ({@code detail} says
     * which). {@code retryAfter}: when asking again may succeed, when known.
     */
    record RateLimited(Optional<Duration> retryAfter, String detail) implements RegistryFailure {
        public boolean retryable() {
            return true;
        }
    }

    /** An answer that does not follow the distribution API (no digest, an unexpected status, a broken token). */
    record BadAnswer(String detail) implements RegistryFailure {
        public boolean retryable() {
            return false;
        }
    }
}
