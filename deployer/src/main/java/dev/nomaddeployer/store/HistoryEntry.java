package dev.nomaddeployer.store;

import java.time.Instant;

/** One recorded decision: what a push did (or did not do) to one job. */
public record HistoryEntry(long id, Instant recordedAt, Instant receivedAt, String eventId, String registryHost,
                           String repository, String tag, String digest, String namespace, String jobId,
                           String metaKey, String oldValue, String newValue, Outcome outcome, String message,
                           int attempts, String evalId, Long jobVersion) {

    /** A decision about a target, before the store gives it an id and a time. */
    public static HistoryEntry of(Target target, Outcome outcome, String message) {
        return new HistoryEntry(0, null, target.receivedAt(), target.push().eventId(), target.push().registryHost(),
                target.repository(), target.push().tag(), target.push().digest(), target.namespace(),
                target.jobId(), null, null, null, outcome, message, target.attempts(), null, null);
    }

    public HistoryEntry withChange(String key, String from, String to) {
        return new HistoryEntry(id, recordedAt, receivedAt, eventId, registryHost, repository, tag, digest, namespace,
                jobId, key, from, to, outcome, message, attempts, evalId, jobVersion);
    }

    public HistoryEntry withRegistration(String evalIdValue, Long version) {
        return new HistoryEntry(id, recordedAt, receivedAt, eventId, registryHost, repository, tag, digest, namespace,
                jobId, metaKey, oldValue, newValue, outcome, message, attempts, evalIdValue, version);
    }
}
