package dev.nomaddeployer.image;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether an image host names the registry that sent a notification. Hosts compare
 * case-insensitively with default ports ({@code :443}, {@code :80}) dropped and Docker Hub's names unified;
 * every configured alias names the same registry, so an event from one alias matches images on any other.
 */
public final class RegistryHosts {

    private static final Set<String> DOCKER_HUB_NAMES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private final Set<String> aliases;

    /** @throws IllegalArgumentException naming the first entry that is not {@code host[:port]} */
    public RegistryHosts(List<String> configuredAliases) {
        Set<String> normalised = new LinkedHashSet<>();
        for (String alias : configuredAliases) {
            if (alias == null || !ReferenceGrammar.isValidHost(alias.trim())) {
                throw new IllegalArgumentException("registry.hosts entry \"" + alias
                        + "\" is not a registry host: expected host[:port] such as registry.example:5000, "
                        + "localhost:5000 or [::1]:5000, without scheme or path");
            }
            normalised.add(normalise(alias));
        }
        this.aliases = Set.copyOf(normalised);
    }

    /** Whether a task image written as {@code template} runs {@code repository} of the registry pushed to as {@code pushedHost}. */
    public boolean runs(ImageTemplate template, String pushedHost, String repository) {
        return template.repository().equals(repository) && matches(pushedHost, template.host());
    }

    /**
     * Every normalised host name that names the same registry as {@code host}: itself, plus all configured
     * aliases when it is one of them. An index keyed by {@link #normalise} looks a push up under each of these.
     */
    public Set<String> sameRegistry(String host) {
        String normalised = normalise(host);
        return aliases.contains(normalised) ? aliases : Set.of(normalised);
    }

    public boolean matches(String eventRequestHost, String imageHost) {
        if (eventRequestHost == null || imageHost == null) {
            return false;
        }
        String event = normalise(eventRequestHost);
        String image = normalise(imageHost);
        return event.equals(image) || (aliases.contains(event) && aliases.contains(image));
    }

    /** Lower-case, without a default port, Docker Hub as {@code docker.io}. */
    public static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(":443")) {
            h = h.substring(0, h.length() - 4);
        } else if (h.endsWith(":80")) {
            h = h.substring(0, h.length() - 3);
        }
        return DOCKER_HUB_NAMES.contains(h) ? ImageReference.DOCKER_HUB : h;
    }
}
