package dev.nomaddeployer.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.image.ImageReference;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.PushChecks;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Docker Hub's repository webhooks. Docker Hub sends one kind of delivery, a push: {@code {"callback_url", "push_data":
 * {"pushed_at": <epoch seconds>, "pusher", "tag"}, "repository": {"repo_name": "ns/app", ...}}}, with no digest (it
 * is looked up when {@code registries} lists Docker Hub) and no id (one is made from the body). The push is on
 * {@code docker.io}, the host an image reference without one ({@code team/app}, {@code nginx}) names, so jobs match it
 * however they write Docker Hub. Docker Hub can set neither a header nor a signature, so the secret is the URL's last
 * segment. It waits for a {@code success} posted to {@code callback_url} once the push is stored.
 */
public final class DockerHubEvents implements WebhookSource {
    public static final String NAME = "dockerhub";
    /** Docker Hub shows the description and context; it keeps 255 and 100 characters of them. */
    private static final int DESCRIPTION_LIMIT = 255;
    private static final String CONTEXT = "nomad-deployer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Docker Hub";
    }

    @Override
    public List<SenderProof> proofs() {
        return List.of(new SenderProof.PathSecret());
    }

    @Override
    public NotificationBatch read(WebhookRequest request) {
        return JsonBodies.read(request.body(), root -> read(root, request.body()));
    }

    private static NotificationBatch read(JsonNode root, byte[] body) {
        JsonNode data = root.get("push_data");
        if (data == null || !data.isObject()) {
            return new NotificationBatch.Malformed("missing \"push_data\" object");
        }
        Optional<String> name = JsonBodies.text(root.path("repository"), "repo_name");
        if (name.isEmpty()) {
            return new NotificationBatch.Malformed("missing repository.repo_name");
        }
        String repository = repository(name.get());
        Optional<String> tag = JsonBodies.text(data, "tag");
        if (tag.isEmpty()) {
            return ignored("push of " + repository + " without a tag");
        }
        // Docker Hub has written it as an integer and, in older deliveries, as a number with an exponent.
        Optional<Instant> pushedAt = JsonBodies.epochSeconds(data, "pushed_at");
        if (pushedAt.isEmpty()) {
            return new NotificationBatch.Malformed("push_data.pushed_at " + data.get("pushed_at")
                    + " is not epoch seconds");
        }
        PushEvent push = new PushEvent(EventIds.ofBody(NAME, body, 0), pushedAt.get(),
                ImageReference.DOCKER_HUB, repository, tag.get(), null, null,
                JsonBodies.text(data, "pusher").orElse(null), NAME);
        return PushChecks.whyIgnored(push).map(DockerHubEvents::ignored)
                .orElseGet(() -> new NotificationBatch.Accepted(List.of(push), List.of()));
    }

    /** Official images are {@code library/<name>} on Docker Hub, however the payload writes them. */
    private static String repository(String repoName) {
        return repoName.indexOf('/') < 0 ? "library/" + repoName : repoName;
    }

    /**
     * {@code {"state": "success", "description", "context"}} to the delivery's {@code callback_url}, so Docker Hub
     * records the delivery as answered; none when the body names no usable URL.
     */
    @Override
    public Optional<SenderCallback> callback(WebhookRequest request) {
        if (!(JsonBodies.read(request.body(), root -> read(root, request.body()))
                instanceof NotificationBatch.Accepted accepted)) {
            return Optional.empty();
        }
        return JsonBodies.object(request.body()).flatMap(root -> JsonBodies.text(root, "callback_url"))
                .flatMap(DockerHubEvents::uri).map(url -> {
                    ObjectNode answer = JsonNodeFactory.instance.objectNode();
                    answer.put("state", "success");
                    answer.put("description", description(accepted));
                    answer.put("context", CONTEXT);
                    return new SenderCallback(url, answer.toString());
                });
    }

    private static String description(NotificationBatch.Accepted accepted) {
        String text = accepted.pushes().isEmpty() ? "received; ignored: " + String.join(", ", accepted.ignored())
                : "received push of " + accepted.pushes().get(0).repository() + ":" + accepted.pushes().get(0).tag();
        return text.length() <= DESCRIPTION_LIMIT ? text : text.substring(0, DESCRIPTION_LIMIT);
    }

    private static Optional<URI> uri(String text) {
        try {
            URI url = new URI(text);
            return url.isAbsolute() && url.getHost() != null ? Optional.of(url) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static NotificationBatch ignored(String reason) {
        return new NotificationBatch.Accepted(List.of(), List.of(reason));
    }
}
