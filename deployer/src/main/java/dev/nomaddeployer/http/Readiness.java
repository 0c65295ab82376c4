package dev.nomaddeployer.http;

import java.util.Optional;

/**
 * Whether the service can do its work now, for {@code GET /ready}: one source, composed where the service is
 * wired (the store can keep pushes, the job index is warm). Liveness ({@code /health}) does not ask it.
 */
@FunctionalInterface
public interface Readiness {
    /** Why the service is not ready, or empty when it is. */
    Optional<String> notReadyBecause();
}
