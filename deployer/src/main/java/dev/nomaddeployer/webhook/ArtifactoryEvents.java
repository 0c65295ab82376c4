package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.PushChecks;
import java.util.List;
import java.util.Optional;

/**
 * JFrog Artifactory's predefined webhooks, domain {@code docker}, event {@code pushed}: {@code {"domain": "docker",
 * "event_type": "pushed", "data": {"repo_key": "docker-local", "image_name": "team/app", "tag": "1.4.0", "sha256":
 * "<hex of the manifest>", "path", "name", "size", "platforms"}, "subscription_key", "jpd_origin":
 * "https://artifactory.example", "source"}}. Artifactory sends the webhook's secret token in {@code
 * X-JFrog-Event-Auth}: as it is, or, with "use secret for payload signing", as the hex HMAC-SHA256 of the body; both
 * are accepted. Deletes, promotions and every other domain (artifacts, builds, release bundles) are answered and
 * ignored.
 *
 * <p>The payload has no registry host: Artifactory serves Docker under a repository path ({@code
 * artifactory.example/docker-local/team/app}), a subdomain per repository or a port per repository, and only its
 * proxy knows which. The one layout the payload spells out is the repository path: the host of {@code jpd_origin},
 * the repository {@code <repo_key>/<image_name>}. Jobs that pull through a subdomain or port are not matched. A
 * remote repository's cache ({@code <remote>-cache}) reports a "push" when a pull fills it; that is ignored.
 */
public final class ArtifactoryEvents implements WebhookSource {
    public static final String NAME = "artifactory";
    static final String AUTH_HEADER = "X-JFrog-Event-Auth";
    /** Artifactory names the cache of remote repository {@code X} {@code X-cache}. */
    private static final String REMOTE_CACHE = "-cache";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "JFrog Artifactory";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.BodySignature(AUTH_HEADER, ""), new SenderProof.HeaderSecret(AUTH_HEADER, ""));
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        return JsonBodies.read(request.body(), root -> read(root, request));
    }

    private static NotificationBatch read(JsonNode root, WebhookRequest request) {
        Optional<String> domain = JsonBodies.text(root, "domain");
        Optional<String> type = JsonBodies.text(root, "event_type");
        if (domain.isEmpty() || type.isEmpty()) {
            return new NotificationBatch.Malformed("missing \"domain\" or \"event_type\"");
        }
        if (!domain.get().equals("docker") || !type.get().equals("pushed")) {
            return new NotificationBatch.Accepted(List.of(), List.of(domain.get() + " " + type.get()));
        }
        JsonNode data = root.path("data");
        Optional<String> repoKey = JsonBodies.text(data, "repo_key");
        Optional<String> image = JsonBodies.text(data, "image_name");
        Optional<String> tag = JsonBodies.text(data, "tag");
        if (repoKey.isEmpty() || image.isEmpty() || tag.isEmpty()) {
            return new NotificationBatch.Malformed("a docker push needs data.repo_key, data.image_name and data.tag");
        }
        if (repoKey.get().endsWith(REMOTE_CACHE)) {
            // Artifactory fills a remote repository's cache on a pull and reports that as a push.
            return new NotificationBatch.Accepted(List.of(), List.of("remote cache " + repoKey.get()
                    + " filled by a pull of " + image.get() + ":" + tag.get()));
        }
        Optional<String> host = JsonBodies.text(root, "jpd_origin").flatMap(JsonBodies::host);
        if (host.isEmpty()) {
            return new NotificationBatch.Malformed("no host in jpd_origin: the push's registry is unknown");
        }
        // Artifactory stores the manifest as a file; its checksum is the manifest's digest.
        String digest = JsonBodies.text(data, "sha256").map(hex -> "sha256:" + hex).orElse(null);
        PushEvent push = new PushEvent(EventIds.ofBody(NAME, request.body(), 0), request.receivedAt(), host.get(),
                repoKey.get() + "/" + image.get(), tag.get(), digest, null, null, NAME);
        return PushChecks.whyIgnored(push)
                .<NotificationBatch>map(reason -> new NotificationBatch.Accepted(List.of(), List.of(reason)))
                .orElseGet(() -> new NotificationBatch.Accepted(List.of(push), List.of()));
    }
}
