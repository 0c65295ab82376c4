package dev.nomaddeployer.leadership;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who gets the dispatch lease, decided on the row as read inside the store's transaction. The store writes
 * {@link Ruling#next()} (when present) in that same transaction, with a compare-and-set on the row it read.
 */
public final class LeaseRules {
    private LeaseRules() {}

    /** The claim to report and the lease row to write (empty: leave it as it is). */
    public record Ruling(LeaseClaim claim, Optional<Lease> next) {}

    /**
     * @param held the fence this replica holds now, if it believes it leads
     * @param ttl  how long the lease lasts from {@code now} without another renewal ({@code ha.failover})
     */
    public static Ruling decide(Lease current, String replica, Optional<Fence> held, Instant now, Duration ttl) {
        Instant until = now.plus(ttl);
        if (held.isPresent() && held.get().equals(current.fence()) && current.heldAt(now)) {
            // A renewal keeps the epoch: fenced writes made under it stay valid.
            return new Ruling(new LeaseClaim.Held(held.get(), current.acquiredAt(), until, Optional.empty()),
                    Optional.of(new Lease(current.holder(), current.epoch(), current.acquiredAt(), until)));
        }
        // A replica that believes it leads but finds its own name under another epoch is a second process
        // configured with the same name; taking the lease back from it would only make the two take turns.
        boolean ourNameOtherReign = held.isPresent() && current.holder().equals(replica);
        if (!current.heldAt(now) || (current.holder().equals(replica) && !ourNameOtherReign)) {
            // Every acquisition is a new reign, also by a replica of the same name (restarted under the same
            // allocation): the epoch it brings fences out whatever the earlier holder still tries to write.
            long epoch = current.epoch() + 1;
            Optional<String> previous = current.holder().isEmpty() || current.holder().equals(replica)
                    ? Optional.empty() : Optional.of(current.holder());
            return new Ruling(new LeaseClaim.Held(new Fence(replica, epoch), now, until, previous),
                    Optional.of(new Lease(replica, epoch, now, until)));
        }
        if (held.isPresent()) {
            return new Ruling(new LeaseClaim.Lost(held.get(), current), Optional.empty());
        }
        return new Ruling(new LeaseClaim.HeldByOther(current), Optional.empty());
    }
}
