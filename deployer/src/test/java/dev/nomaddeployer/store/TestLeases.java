package dev.nomaddeployer.store;

import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.LeaseClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The dispatch lease taken for a test that writes to the store as the leader does. */
public final class TestLeases {
    private TestLeases() {}

    /** Acquires the lease for {@code replica} for an hour (an unheld or expired lease) and returns its fence. */
    public static Fence lead(Database database, String replica) {
        LeaseClaim claim = new JdbcLeases(database).acquireOrRenew(replica, Optional.empty(), Instant.now(),
                Duration.ofHours(1));
        if (claim instanceof LeaseClaim.Held held) {
            return held.fence();
        }
        throw new IllegalStateException("the lease is not free: " + claim);
    }
}
