package dev.nomaddeployer.leadership;

import java.time.Instant;

/**
 * The dispatch lease as the store holds it. {@code holder} is empty until a replica first takes it;
 * {@code epoch} grows by one at every acquisition, never at a renewal.
 */
public record Lease(String holder, long epoch, Instant acquiredAt, Instant expiresAt) {
    /** Whether some replica holds the lease at {@code now}; a released lease expired at the epoch. */
    public boolean heldAt(Instant now) {
        return !holder.isEmpty() && expiresAt.isAfter(now);
    }

    public Fence fence() {
        return new Fence(holder, epoch);
    }
}
