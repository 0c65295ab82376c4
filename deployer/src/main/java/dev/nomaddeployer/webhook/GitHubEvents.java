package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.PushChecks;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub's webhooks for its container registry (GHCR): the {@code package} event, and {@code registry_package}, its
 * older twin with the same body under another key; the event's name is in {@code X-GitHub-Event}, the delivery's id
 * in {@code X-GitHub-Delivery} (kept when a delivery is re-sent). A container version {@code published} or
 * {@code updated} with a tag is a push: tag and digest from {@code package_version.container_metadata.tag}, the
 * image as {@code <host>/<owner>/<name>} lower-cased, as GHCR names it (GitHub writes owners with their capitals).
 * A {@code ping} (sent when the webhook is created), other events, other actions, other package types and untagged
 * versions are answered and ignored. GitHub signs every delivery with the webhook's secret.
 */
public final class GitHubEvents implements WebhookSource {
    public static final String NAME = "github";
    private static final Set<String> PACKAGE_EVENTS = Set.of("package", "registry_package");
    private static final Set<String> PUSH_ACTIONS = Set.of("published", "updated");
    private static final Set<String> CONTAINER_TYPES = Set.of("container", "docker");
    private static final String DIGEST_PREFIX = "sha256:";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "GitHub";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.BodySignature("X-Hub-Signature-256", "sha256="));
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        Optional<String> event = request.header("X-GitHub-Event").filter(name -> !name.isBlank());
        if (event.isEmpty()) {
            return new NotificationBatch.Malformed("missing X-GitHub-Event header");
        }
        return JsonBodies.read(request.body(), root -> read(event.get().strip(), root, request));
    }

    private static NotificationBatch read(String event, JsonNode root, WebhookRequest request) {
        if (!PACKAGE_EVENTS.contains(event)) {
            return ignored(event.equals("ping") ? "ping" : "event " + event);
        }
        Optional<String> action = JsonBodies.text(root, "action");
        if (action.isEmpty()) {
            return new NotificationBatch.Malformed("a " + event + " event needs \"action\"");
        }
        JsonNode pkg = root.get(event);
        if (pkg == null || !pkg.isObject()) {
            return new NotificationBatch.Malformed("a " + event + " event needs the object \"" + event + "\"");
        }
        if (!PUSH_ACTIONS.contains(action.get())) {
            return ignored(event + " " + action.get());
        }
        if (!isContainer(pkg)) {
            return ignored(event + " of package type " + JsonBodies.text(pkg, "package_type").orElse("(none)"));
        }
        JsonNode version = pkg.path("package_version");
        String tag = JsonBodies.text(version.path("container_metadata").path("tag"), "name").orElse(null);
        if (tag == null) {
            return ignored("untagged container version");
        }
        Optional<String> owner = JsonBodies.text(pkg.path("owner"), "login");
        Optional<String> name = JsonBodies.text(pkg, "name");
        if (owner.isEmpty() || name.isEmpty()) {
            return new NotificationBatch.Malformed(event + ".owner.login and " + event + ".name are needed");
        }
        Optional<String> host = JsonBodies.text(version, "package_url").flatMap(JsonBodies::host)
                .or(() -> JsonBodies.text(pkg.path("registry"), "url").flatMap(JsonBodies::host));
        if (host.isEmpty()) {
            return new NotificationBatch.Malformed("no host in " + event + ".package_version.package_url or "
                    + event + ".registry.url");
        }
        Optional<Instant> occurred = JsonBodies.rfc3339(pkg, "updated_at", request.receivedAt());
        if (occurred.isEmpty()) {
            return new NotificationBatch.Malformed(event + ".updated_at " + pkg.get("updated_at")
                    + " is not an RFC 3339 date-time");
        }
        String eventId = request.header("X-GitHub-Delivery").filter(id -> !id.isBlank())
                .map(id -> EventIds.ofDelivery(NAME, id.strip(), 0))
                .orElseGet(() -> EventIds.ofBody(NAME, request.body(), 0));
        String repository = (owner.get() + "/" + name.get()).toLowerCase(Locale.ROOT);
        PushEvent push = new PushEvent(eventId, occurred.get(), host.get().toLowerCase(Locale.ROOT), repository, tag,
                digest(version), null, JsonBodies.text(root.path("sender"), "login").orElse(null), NAME);
        return PushChecks.whyIgnored(push).map(GitHubEvents::ignored)
                .orElseGet(() -> new NotificationBatch.Accepted(List.of(push), List.of()));
    }

    /** GitHub has written the type in either field, in either case, over the years. */
    private static boolean isContainer(JsonNode pkg) {
        return isContainerType(JsonBodies.text(pkg, "package_type"))
                || isContainerType(JsonBodies.text(pkg, "ecosystem"));
    }

    private static boolean isContainerType(Optional<String> type) {
        return type.map(text -> CONTAINER_TYPES.contains(text.toLowerCase(Locale.ROOT))).orElse(false);
    }

    /** The tag's digest; else the version's name, which for a container is its manifest's digest. */
    private static String digest(JsonNode version) {
        return JsonBodies.text(version.path("container_metadata").path("tag"), "digest")
                .or(() -> JsonBodies.text(version, "name").filter(name -> name.startsWith(DIGEST_PREFIX)))
                .orElse(null);
    }

    private static NotificationBatch ignored(String reason) {
        return new NotificationBatch.Accepted(List.of(), List.of(reason));
    }
}
