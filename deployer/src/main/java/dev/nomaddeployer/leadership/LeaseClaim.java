package dev.nomaddeployer.leadership;

import java.time.Instant;
import java.util.Optional;

/** What came of one attempt to acquire or renew the dispatch lease. */
public sealed interface LeaseClaim {
    /**
     * This replica holds the lease until {@code expiresAt}.
     *
     * @param since    when this reign (this epoch) began
     * @param previous the replica that held it before, when this attempt acquired it from another one
     */
    record Held(Fence fence, Instant since, Instant expiresAt, Optional<String> previous) implements LeaseClaim {}

    /** This replica held the lease under {@code ours}, and {@code taker} took it since. */
    record Lost(Fence ours, Lease taker) implements LeaseClaim {}

    /** Another replica holds the lease; this one did not. */
    record HeldByOther(Lease holder) implements LeaseClaim {}
}
