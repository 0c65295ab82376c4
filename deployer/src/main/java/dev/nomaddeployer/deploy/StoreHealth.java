package dev.nomaddeployer.deploy;

import java.util.Optional;

/** Whether the store can keep what it is given, for readiness and for the periodic check. */
public interface StoreHealth {
    /** Why the store cannot take work now (full, damaged, its file replaced), or empty when it can. */
    Optional<String> problem();

    /** Checks the file is still the one opened and its pages are sound; a failure is kept as the problem. */
    void verify();
}
