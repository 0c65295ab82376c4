package dev.nomaddeployer.deploy;

import dev.nomaddeployer.leadership.Fence;

/**
 * The store refused a write made under {@link #fence()}: the dispatch lease no longer has that holder and
 * epoch, or it expired. Nothing of the write happened; the replica that made it no longer leads.
 */
public final class Deposed extends RuntimeException {
    private final Fence fence;

    public Deposed(Fence fence) {
        super("the dispatch lease is no longer held by " + fence.replica() + " at epoch " + fence.epoch());
        this.fence = fence;
    }

    public Fence fence() {
        return fence;
    }
}
