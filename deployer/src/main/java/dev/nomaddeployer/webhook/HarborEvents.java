package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.PushChecks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Harbor's project webhooks in the "Default" payload format: {@code {"type": "PUSH_ARTIFACT", "occur_at": <epoch
 * seconds>, "operator": ..., "event_data": {"resources": [{"digest", "tag", "resource_url": "host/ns/app:tag"}],
 * "repository": {"repo_full_name": "ns/app", ...}}}}. Harbor sends the webhook's "Auth Header" field as the
 * {@code Authorization} header, the secret alone or after {@code Bearer}. Every other event type (pulls, deletes,
 * scans, charts, quotas, replication, retention) is answered and ignored.
 */
public final class HarborEvents implements WebhookSource {
    public static final String NAME = "harbor";
    private static final String PUSH = "PUSH_ARTIFACT";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Harbor";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.HeaderSecret("Authorization", ""),
                new SenderProof.HeaderSecret("Authorization", "Bearer"));
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        return JsonBodies.read(request.body(), root -> read(root, request.body()));
    }

    private static NotificationBatch read(JsonNode root, byte[] body) {
        Optional<String> type = JsonBodies.text(root, "type");
        if (type.isEmpty()) {
            return new NotificationBatch.Malformed("missing \"type\"");
        }
        if (!type.get().equals(PUSH)) {
            return new NotificationBatch.Accepted(List.of(), List.of(type.get()));
        }
        JsonNode data = root.path("event_data");
        Optional<String> repository = JsonBodies.text(data.path("repository"), "repo_full_name");
        JsonNode resources = data.get("resources");
        if (repository.isEmpty() || resources == null || !resources.isArray()) {
            return new NotificationBatch.Malformed("a " + PUSH + " needs event_data.repository.repo_full_name and"
                    + " event_data.resources");
        }
        Optional<Instant> occurred = JsonBodies.epochSeconds(root, "occur_at");
        if (occurred.isEmpty()) {
            return new NotificationBatch.Malformed("occur_at " + root.get("occur_at") + " is not epoch seconds");
        }
        String actor = JsonBodies.text(root, "operator").orElse(null);
        List<PushEvent> pushes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            Optional<String> tag = JsonBodies.text(resource, "tag");
            if (tag.isEmpty()) {
                ignored.add("untagged artifact push");
                continue;
            }
            Optional<String> host = JsonBodies.text(resource, "resource_url").flatMap(JsonBodies::host);
            if (host.isEmpty()) {
                return new NotificationBatch.Malformed("resource " + (i + 1) + ": no host in resource_url");
            }
            PushEvent push = new PushEvent(EventIds.ofBody(NAME, body, i), occurred.get(), host.get(),
                    repository.get(), tag.get(), JsonBodies.text(resource, "digest").orElse(null), null, actor, NAME);
            PushChecks.whyIgnored(push).ifPresentOrElse(ignored::add, () -> pushes.add(push));
        }
        return new NotificationBatch.Accepted(pushes, ignored);
    }
}
