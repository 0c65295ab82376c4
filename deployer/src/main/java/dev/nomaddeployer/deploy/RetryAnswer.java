package dev.nomaddeployer.deploy;

import java.util.List;

/** What an operator's retry of a job did: pushes put back as pending targets, or why there was nothing to retry. */
public sealed interface RetryAnswer {
    /** One pending target again per repository whose newest push had a retryable last decision. */
    record Reentered(List<Target> targets) implements RetryAnswer {
        public Reentered {
            targets = List.copyOf(targets);
        }
    }

    /** Nothing was changed; {@code why} says, per repository, what stands in the way. */
    record NothingToRetry(String why) implements RetryAnswer {}
}
