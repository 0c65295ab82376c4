package dev.nomaddeployer.deploy;

import java.time.Duration;
import java.util.List;

/** How one attempt at applying a target ended. */
public sealed interface Attempt {
    /** Decided for good (registered, already current, skipped or failed); the decisions go to the history. */
    record Decided(List<Decision> decisions) implements Attempt {}

    /**
     * Could not be decided now (Nomad unreachable, repeated conflicts, a registry asking to slow down); try again
     * later, and not before {@code atLeast} (a server's {@code Retry-After}) even when the backoff is shorter.
     */
    record RetryLater(String reason, Duration atLeast) implements Attempt {
        public RetryLater(String reason) {
            this(reason, Duration.ZERO);
        }
    }

    /**
     * Refused in a way someone must fix (the token may not read the job): recorded now as {@code decision}
     * so the operator sees it, and tried again later, so the push is applied once it can be.
     */
    record Blocked(Decision decision) implements Attempt {}
}
