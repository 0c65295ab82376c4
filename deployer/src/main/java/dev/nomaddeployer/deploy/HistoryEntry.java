package dev.nomaddeployer.deploy;

import java.time.Instant;

/** One recorded {@link Decision}, as the history API and the {@code history} command show it. */
public record HistoryEntry(long id, Instant recordedAt, Instant receivedAt, String eventId, String registryHost,
                           String repository, String tag, String digest, String namespace, String jobId,
                           String metaKey, String oldValue, String newValue, Outcome outcome, String message,
                           int attempts, String evalId, Long jobVersion) {
}
