package dev.nomaddeployer.deploy;

import java.util.List;

/** How one attempt at applying a target ended. */
public sealed interface Attempt {
    /** Decided for good (registered, already current, skipped or failed); the decisions go to the history. */
    record Decided(List<Decision> decisions) implements Attempt {}

    /** Could not be decided now (Nomad unreachable, repeated conflicts); try again later. */
    record RetryLater(String reason) implements Attempt {}

    /**
     * Refused in a way someone must fix (the token may not read the job): recorded now as {@code decision}
     * so the operator sees it, and tried again later, so the push is applied once it can be.
     */
    record Blocked(Decision decision) implements Attempt {}
}
