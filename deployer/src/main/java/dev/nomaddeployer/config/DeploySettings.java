package dev.nomaddeployer.config;

import java.time.Duration;

/**
 * @param conflictRetries how often a register rejected by EnforceIndex is re-read and retried
 * @param retryInitial    first back-off after a failed attempt, doubling up to {@code retryMax}
 */
public record DeploySettings(int concurrency, int conflictRetries, Duration retryInitial, Duration retryMax) {
}
