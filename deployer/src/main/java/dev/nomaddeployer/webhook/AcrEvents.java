package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.PushChecks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Azure Container Registry's webhooks: one event per delivery, {@code {"id", "timestamp", "action": "push",
 * "target": {"mediaType", "size", "digest", "length", "repository", "tag"}, "request": {"id", "host":
 * "myregistry.azurecr.io", "method", "useragent"}}}. ACR signs nothing and adds no header of its own, but sends
 * the custom headers the webhook is created with, so the proof is {@code Authorization: Bearer <secret>} set there.
 * Deletes, quarantines, Helm chart pushes and deletes, and the test ping are answered and ignored; so is a push
 * without a tag (by digest).
 */
public final class AcrEvents implements WebhookSource {
    public static final String NAME = "acr";
    private static final String PUSH = "push";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Azure Container Registry";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.HeaderSecret("Authorization", "Bearer"));
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        return JsonBodies.read(request.body(), AcrEvents::read);
    }

    private static NotificationBatch read(JsonNode root) {
        Optional<String> action = JsonBodies.text(root, "action");
        if (action.isEmpty()) {
            return new NotificationBatch.Malformed("missing \"action\"");
        }
        if (!action.get().equals(PUSH)) {
            return ignored(action.get());
        }
        Optional<String> id = JsonBodies.text(root, "id");
        JsonNode target = root.path("target");
        Optional<String> repository = JsonBodies.text(target, "repository");
        if (id.isEmpty() || repository.isEmpty()) {
            return new NotificationBatch.Malformed("a push needs \"id\" and target.repository");
        }
        Optional<String> tag = JsonBodies.text(target, "tag");
        if (tag.isEmpty()) {
            return ignored("untagged manifest push of " + repository.get());
        }
        Optional<String> host = JsonBodies.text(root.path("request"), "host");
        if (host.isEmpty()) {
            return new NotificationBatch.Malformed("a push needs request.host");
        }
        Optional<Instant> timestamp = JsonBodies.rfc3339(root, "timestamp", null);
        if (timestamp.isEmpty()) {
            return new NotificationBatch.Malformed("timestamp " + root.get("timestamp")
                    + " is not an RFC 3339 date-time");
        }
        PushEvent push = new PushEvent(EventIds.ofDelivery(NAME, id.get(), 0), timestamp.get(), host.get(),
                repository.get(), tag.get(), JsonBodies.text(target, "digest").orElse(null),
                JsonBodies.text(target, "mediaType").orElse(null), null, NAME);
        return PushChecks.whyIgnored(push).map(AcrEvents::ignored)
                .orElseGet(() -> new NotificationBatch.Accepted(List.of(push), List.of()));
    }

    private static NotificationBatch ignored(String reason) {
        return new NotificationBatch.Accepted(List.of(), List.of(reason));
    }
}
