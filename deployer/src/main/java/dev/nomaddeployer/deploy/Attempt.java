package dev.nomaddeployer.deploy;

import java.util.List;

/** How one attempt at applying a target ended. */
public sealed interface Attempt {
    /** Decided for good (registered, already current, skipped or failed); the decisions go to the history. */
    record Decided(List<Decision> decisions) implements Attempt {}

    /** Could not be decided now (Nomad unreachable, repeated conflicts); try again later. */
    record RetryLater(String reason) implements Attempt {}
}
