package dev.nomaddeployer.webhook;

import dev.nomaddeployer.registry.NotificationBatch;
import java.util.List;
import java.util.Optional;

/**
 * One sender's webhook at {@code /webhooks/<name>}: how it proves a delivery is its own, and how its payload reads
 * as pushes. A reading is pure (no I/O): the endpoint checks the proof first, then stores what {@link #read} found,
 * after {@link dev.nomaddeployer.registry.PushChecks}, in the one inbox every source shares.
 */
public interface WebhookSource {

    /** The path segment and the settings' middle part ({@code webhooks.<name>.secret}): lower case, no dots. */
    String name();

    /** What the sender is called in messages and docs ({@code "Harbor"}). */
    String title();

    /** The proofs its sender can give, in the order they are tried. */
    List<SenderProof> proofs();

    /**
     * The pushes in one delivery, and a short reason for each event that cannot change what a job runs (a pull, a
     * delete, a scan, a chart, a test ping): those are answered 2xx so the sender does not retry them. Malformed
     * only for what is no delivery of this sender at all.
     */
    NotificationBatch read(WebhookRequest request);

    /**
     * The call the sender waits for once the delivery is stored (Docker Hub's {@code callback_url}); empty for most
     * senders, which take the 2xx as the answer.
     */
    default Optional<SenderCallback> callback(WebhookRequest request) {
        return Optional.empty();
    }
}
