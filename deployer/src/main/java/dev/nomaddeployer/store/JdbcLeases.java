package dev.nomaddeployer.store;

import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.Lease;
import dev.nomaddeployer.leadership.LeaseClaim;
import dev.nomaddeployer.leadership.LeaseRules;
import dev.nomaddeployer.leadership.LeaseStore;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The dispatch lease in the {@code leases} table; see {@link LeaseStore} and {@code docs/high-availability.md}. */
public final class JdbcLeases implements LeaseStore {
    private final Database database;

    public JdbcLeases(Database database) {
        this.database = database;
    }

    @Override
    public LeaseClaim acquireOrRenew(String replica, Optional<Fence> held, Instant now, Duration ttl) {
        return database.inTransaction(c -> {
            LeaseRows.lock(c);
            Lease current = LeaseRows.read(c);
            LeaseRules.Ruling ruling = LeaseRules.decide(current, replica, held, now, ttl);
            if (ruling.next().isPresent() && !LeaseRows.replace(c, current, ruling.next().get())) {
                // Cannot happen under the lock; if a database lets it, the row changed and nothing was written.
                throw new IllegalStateException("the dispatch lease changed while it was being claimed");
            }
            return ruling.claim();
        });
    }

    @Override
    public void release(Fence fence) {
        database.inTransaction(c -> {
            try (PreparedStatement release = c.prepareStatement(
                    "UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ? AND epoch = ?")) {
                release.setString(1, LeaseRows.DISPATCH);
                release.setString(2, fence.replica());
                release.setLong(3, fence.epoch());
                release.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Lease current() {
        return database.read(LeaseRows::read);
    }
}
