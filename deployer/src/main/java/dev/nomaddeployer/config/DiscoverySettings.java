package dev.nomaddeployer.config;

import java.time.Duration;

/**
 * How the job index reads Nomad: {@code refresh} is the wait of one blocking job list where the event stream
 * is refused; {@code readConcurrency} and {@code readRate} bound the reads of a cold start or a resync.
 */
public record DiscoverySettings(Duration refresh, int readConcurrency, int readRate) {
}
