package dev.nomaddeployer.leadership;

import java.util.Optional;

/** Whether this replica leads, as the dispatcher asks it before every round of work. */
public interface Leadership {
    /** The fence to write under while this replica leads; empty while it follows. */
    Optional<Fence> fence();

    /** The store refused a write under {@code fence}: the lease was taken, so this replica stops leading now. */
    void refused(Fence fence);
}
