package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.PushChecks;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Gitea's and Forgejo's webhooks (type "Gitea" or "Forgejo"), event {@code package} ({@code X-Gitea-Event: package},
 * Forgejo also {@code X-Forgejo-Event}), action {@code created} of a {@code container} package: {@code {"action":
 * "created", "package": {"type": "container", "name": "app", "version": "1.4.0", "owner": {"login": "team"},
 * "html_url": "https://git.example/team/-/packages/container/app/1.4.0", "created_at"}, "sender": {"login"}}}.
 * Every manifest pushed is a package version: a tagged one under its tag, an untagged one (the platform images of a
 * multi-arch index) under its digest, which no job can name, so those are ignored. The payload has no digest.
 *
 * <p>Gitea signs the body with the webhook's secret ({@code X-Gitea-Signature}, Forgejo also {@code
 * X-Forgejo-Signature}: hex HMAC-SHA256, no prefix) and can send a fixed {@code Authorization} header; either
 * proves a delivery. Deleted packages, other package types and every other event are answered and ignored.
 */
public final class GiteaEvents implements WebhookSource {
    public static final String NAME = "gitea";
    private static final List<String> EVENT_HEADERS = List.of("X-Forgejo-Event", "X-Gitea-Event");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Gitea/Forgejo";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.BodySignature("X-Gitea-Signature", ""),
                new SenderProof.BodySignature("X-Forgejo-Signature", ""),
                new SenderProof.HeaderSecret("Authorization", "Bearer"));
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        Optional<String> event = EVENT_HEADERS.stream().flatMap(name -> request.header(name).stream())
                .filter(value -> !value.isEmpty()).findFirst();
        if (event.isEmpty()) {
            return new NotificationBatch.Malformed("no X-Gitea-Event or X-Forgejo-Event header");
        }
        if (!event.get().equals("package")) {
            return JsonBodies.read(request.body(), root -> new NotificationBatch.Accepted(List.of(),
                    List.of(event.get() + " event")));
        }
        return JsonBodies.read(request.body(), root -> read(root, request));
    }

    private static NotificationBatch read(JsonNode root, WebhookRequest request) {
        Optional<String> action = JsonBodies.text(root, "action");
        JsonNode pkg = root.get("package");
        if (action.isEmpty() || pkg == null || !pkg.isObject()) {
            return new NotificationBatch.Malformed("a package event needs \"action\" and \"package\"");
        }
        Optional<String> type = JsonBodies.text(pkg, "type");
        Optional<String> name = JsonBodies.text(pkg, "name");
        Optional<String> version = JsonBodies.text(pkg, "version");
        if (type.isEmpty() || name.isEmpty() || version.isEmpty()) {
            return new NotificationBatch.Malformed("package needs type, name and version");
        }
        String what = type.get() + " package " + name.get() + " " + version.get();
        if (!action.get().equals("created")) {
            return ignored(action.get() + " " + what);
        }
        if (!type.get().equals("container")) {
            return ignored("created " + what);
        }
        if (version.get().startsWith("sha256:")) {
            return ignored("untagged manifest push of " + name.get());
        }
        Optional<String> owner = JsonBodies.text(pkg.path("owner"), "login");
        if (owner.isEmpty()) {
            return new NotificationBatch.Malformed("package.owner.login is missing");
        }
        Optional<String> host = JsonBodies.text(pkg, "html_url").flatMap(JsonBodies::host);
        if (host.isEmpty()) {
            return new NotificationBatch.Malformed("no host in package.html_url");
        }
        Optional<Instant> created = JsonBodies.rfc3339(pkg, "created_at", request.receivedAt());
        if (created.isEmpty()) {
            return new NotificationBatch.Malformed("package.created_at " + pkg.get("created_at")
                    + " is not an RFC 3339 date-time");
        }
        // Gitea names the image's owner in lower case in the registry, whatever the spelling of the login.
        String repository = owner.get().toLowerCase(Locale.ROOT) + "/" + name.get();
        // The body, not X-Gitea-Delivery: Gitea's "redeliver" sends the same bytes under a new delivery id, while a
        // re-push of the tag is a new package version with a new created_at.
        PushEvent push = new PushEvent(EventIds.ofBody(NAME, request.body(), 0), created.get(), host.get(), repository,
                version.get(), null, null, JsonBodies.text(root.path("sender"), "login").orElse(null), NAME);
        return PushChecks.whyIgnored(push).map(GiteaEvents::ignored)
                .orElseGet(() -> new NotificationBatch.Accepted(List.of(push), List.of()));
    }

    private static NotificationBatch ignored(String reason) {
        return new NotificationBatch.Accepted(List.of(), List.of(reason));
    }
}
