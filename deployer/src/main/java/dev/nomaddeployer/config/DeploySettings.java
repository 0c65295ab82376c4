package dev.nomaddeployer.config;

import java.time.Duration;

/**
 * @param conflictRetries how often a register rejected by EnforceIndex is re-read and retried
 * @param retryInitial    first back-off after a failed attempt, doubling up to {@code retryMax}
 * @param rolloutRecheck  how often an unfinished rollout is read from Nomad although the event stream reports it
 * @param preflight       what Nomad is asked before a register
 * @param dryRun          everything but the register: the history says what would have been registered
 */
public record DeploySettings(int concurrency, int conflictRetries, Duration retryInitial, Duration retryMax,
                             FailureAction onFailure, boolean pauseOnManualChange, Duration rolloutRecheck,
                             Preflight preflight, boolean dryRun) {
}
