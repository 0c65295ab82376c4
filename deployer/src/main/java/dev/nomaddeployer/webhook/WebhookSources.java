package dev.nomaddeployer.webhook;

import java.util.List;
import java.util.Optional;

/** Every sender with an endpoint of its own: the one list the endpoint, the settings and the docs are built from. */
public final class WebhookSources {
    private static final List<WebhookSource> ALL = List.of(
            new HarborEvents(),
            new GitHubEvents(),
            new GitLabEvents(),
            new DockerHubEvents(),
            new QuayEvents(),
            new ArtifactoryEvents(),
            new GiteaEvents(),
            new AcrEvents());

    private WebhookSources() {}

    public static List<WebhookSource> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(WebhookSource::name).toList();
    }

    public static Optional<WebhookSource> find(String name) {
        return ALL.stream().filter(source -> source.name().equals(name)).findFirst();
    }
}
