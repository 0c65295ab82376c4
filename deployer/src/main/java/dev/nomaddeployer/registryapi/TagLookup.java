package dev.nomaddeployer.registryapi;

import java.time.Duration;
import java.util.Optional;

/** What a registry said about the manifest a tag points at ({@code HEAD /v2/<name>/manifests/<tag>}). */
public sealed interface TagLookup {

    /** Worth asking again later: the answer may differ without anyone changing the configuration. */
    boolean retryable();

    /** The tag points at the manifest with this digest ({@code Docker-Content-Digest}). */
    record Points(String digest) implements TagLookup {
        public boolean retryable() {
            return false;
        }
    }

    /** 404: the repository has no such tag (deleted since the push, or never there). */
    record UnknownTag() implements TagLookup {
        public boolean retryable() {
            return false;
        }
    }

    /**
     * 401 or 403 from the registry or its token service: no credentials where some are needed, or credentials
     * refused or not allowed to pull. {@code credentialsSent}: whether configured credentials were offered.
     */
    record Unauthorized(boolean credentialsSent, String detail) implements TagLookup {
        public boolean retryable() {
            return false;
        }
    }

    /** No answer in time, a refused connection, or a 5xx: the registry is not serving now. */
    record Unreachable(String detail) implements TagLookup {
        public boolean retryable() {
            return true;
        }
    }

    /** 429: asked too often; {@code retryAfter} as the registry's {@code Retry-After} says, when it does. */
    record RateLimited(Optional<Duration> retryAfter) implements TagLookup {
        public boolean retryable() {
            return true;
        }
    }

    /** An answer that does not follow the distribution API (no digest, an unexpected status, a broken token). */
    record BadAnswer(String detail) implements TagLookup {
        public boolean retryable() {
            return false;
        }
    }
}
