package dev.nomaddeployer.leadership;

/**
 * The proof a write is made by the leader of one reign: the replica that holds the dispatch lease and the
 * epoch it acquired it under. The store accepts a fenced write only while the lease row still names both and
 * has not expired, so a replica that lost the lease (paused, cut off, outlived) cannot change anything.
 */
public record Fence(String replica, long epoch) {
    @Override
    public String toString() {
        return replica + "@" + epoch;
    }
}
