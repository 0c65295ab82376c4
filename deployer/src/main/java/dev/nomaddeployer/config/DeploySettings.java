package dev.nomaddeployer.config;

import dev.nomaddeployer.deploy.DeployWindows;
import java.time.Duration;

/**
 * @param conflictRetries how often a register rejected by EnforceIndex is re-read and retried
 * @param retryInitial    first back-off after a failed attempt, doubling up to {@code retryMax}
 * @param rolloutRecheck  how often an unfinished rollout is read from Nomad although the event stream reports it
 * @param windows         when registers may happen (outside them targets wait)
 * @param preflight       what Nomad is asked before a register
 * @param dryRun          everything but the register: the history says what would have been registered
 */
public record DeploySettings(int concurrency, int conflictRetries, Duration retryInitial, Duration retryMax,
                             FailureAction onFailure, boolean pauseOnManualChange, Duration rolloutRecheck,
                             DeployWindows windows, Preflight preflight, boolean dryRun) {
}
