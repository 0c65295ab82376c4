package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.PushChecks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Quay's repository notifications with the "Webhook POST" method, event "Push to Repository": {@code {"repository":
 * "ns/app", "namespace", "name", "docker_url": "quay.example/ns/app", "homepage", "updated_tags": ["latest"]}} (older
 * Quay: {@code "updated_tags": {"latest": "<image id>"}}). The body names no event, no digest, no time and no
 * delivery id, and Quay sends no header of its own: it proves nothing but the URL it was given, so the secret is
 * in the path, or in the URL's user-info, which Quay's HTTP client sends as basic credentials. A notification of
 * another event pointed at the same URL (builds, vulnerabilities, mirroring, tag expiry) has no {@code
 * updated_tags} and is answered and ignored.
 */
public final class QuayEvents implements WebhookSource {
    public static final String NAME = "quay";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Quay";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.PathSecret(), new SenderProof.BasicCredentials(NAME));
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        return JsonBodies.read(request.body(), root -> read(root, request));
    }

    private static NotificationBatch read(JsonNode root, WebhookRequest request) {
        Optional<String> repository = JsonBodies.text(root, "repository");
        if (repository.isEmpty()) {
            return new NotificationBatch.Malformed("missing \"repository\"");
        }
        JsonNode updated = root.get("updated_tags");
        if (updated == null) {
            return new NotificationBatch.Accepted(List.of(), List.of(whatElse(root) + " for " + repository.get()));
        }
        Optional<List<String>> tags = tags(updated);
        if (tags.isEmpty()) {
            return new NotificationBatch.Malformed("updated_tags is neither a list of tags nor an object keyed by tag");
        }
        Optional<String> host = JsonBodies.text(root, "docker_url").flatMap(JsonBodies::host);
        if (host.isEmpty()) {
            return new NotificationBatch.Malformed("no host in docker_url");
        }
        byte[] delivery = delivery(request);
        List<PushEvent> pushes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < tags.get().size(); i++) {
            PushEvent push = new PushEvent(EventIds.ofBody(NAME, delivery, i), request.receivedAt(), host.get(),
                    repository.get(), tags.get().get(i), null, null, null, NAME);
            PushChecks.whyIgnored(push).ifPresentOrElse(ignored::add, () -> pushes.add(push));
        }
        return new NotificationBatch.Accepted(pushes, ignored);
    }

    /**
     * The body and the time it came. A re-push of a moving tag makes a body identical to the last one (no digest, no
     * time in it), so the body alone would take every later push of {@code latest} for a re-delivery and drop it.
     * Quay re-sends only what was not answered 2xx, so the price is small: a push stored whose answer was lost is
     * stored again, and a second push of the same tag and digest changes nothing.
     */
    private static byte[] delivery(WebhookRequest request) {
        byte[] when = (request.receivedAt().toString() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[when.length + request.body().length];
        System.arraycopy(when, 0, both, 0, when.length);
        System.arraycopy(request.body(), 0, both, when.length, request.body().length);
        return both;
    }

    private static Optional<List<String>> tags(JsonNode updated) {
        List<String> tags = new ArrayList<>();
        if (updated.isArray()) {
            for (JsonNode tag : updated) {
                if (!tag.isTextual()) {
                    return Optional.empty();
                }
                tags.add(tag.textValue());
            }
        } else if (updated.isObject()) {
            Iterator<String> names = updated.fieldNames();
            names.forEachRemaining(tags::add);
        } else {
            return Optional.empty();
        }
        return Optional.of(tags);
    }

    private static String whatElse(JsonNode root) {
        if (root.has("build_id")) {
            return "build notification";
        }
        if (root.has("vulnerability") || root.has("vulnerabilities")) {
            return "vulnerability notification";
        }
        if (root.has("expiring_in")) {
            return "tag expiry notification";
        }
        if (root.has("message")) {
            return "repository mirror notification";
        }
        return "notification without updated_tags";
    }
}
