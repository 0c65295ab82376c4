package dev.nomaddeployer.leadership;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The dispatch lease, kept in the store every replica shares. Each operation is one transaction; a store that
 * cannot answer throws (whatever its exception type), and the elector treats that as "not confirmed".
 */
public interface LeaseStore {
    /**
     * Renews the lease when {@code held} still holds it, else acquires it when it is free, expired or held under
     * this replica's own name ({@link LeaseRules}). {@code ttl} counts from {@code now}.
     */
    LeaseClaim acquireOrRenew(String replica, Optional<Fence> held, Instant now, Duration ttl);

    /** Gives the lease up at once (it expires at the epoch) when {@code fence} still holds it; else nothing. */
    void release(Fence fence);

    /** The lease row as stored: who holds it (or held it last), under which epoch, since and until when. */
    Lease current();
}
