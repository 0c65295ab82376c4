package dev.nomaddeployer.notify;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Something people are told about a rollout the service caused: its decision, and how the rollout ended. Made by
 * the pipeline and stored in the outbox in the same transaction as the state it reports, so a notice exists
 * exactly when that state was committed. Fields that are not known are null.
 *
 * @param status       the rollout's or outcome's label
 * @param description  Nomad's status description, or our reason
 * @param failure      the failing allocation's last task event, as text
 * @param rolledBackTo the job version Nomad reverted to
 * @param eventId      the registry's event id of the push behind it
 */
public record Notice(Kind kind, Instant at, String namespace, String jobId, String registryHost, String repository,
                     String metaKey, String oldValue, String newValue, String digest, Long jobVersion,
                     String deploymentId, String status, String description, String failure, Long rolledBackTo,
                     String eventId) {

    /** What happened; sinks choose which kinds they get by {@link #label()}. */
    public enum Kind {
        REGISTERED, ROLLED_OUT, FAILED, ROLLED_BACK, PAUSED, RESUMED;

        /** As configuration, the webhook body and the store write it: {@code rolled_out}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> ofLabel(String label) {
            return Arrays.stream(values()).filter(kind -> kind.label().equals(label)).findFirst();
        }
    }

    public Notice {
        if (kind == null || at == null) {
            throw new IllegalArgumentException("a notice needs a kind and a time");
        }
    }
}
