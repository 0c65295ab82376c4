package dev.nomaddeployer.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Nomad.
 *
 * @param url       base URL without a trailing slash
 * @param token     ACL token; never printed
 * @param namespace {@value #ALL_NAMESPACES} = every namespace
 * @param region    empty = the agent's own region
 * @param timeout   per HTTP call; zero = no limit
 */
public record NomadSettings(URI url, Optional<String> token, String namespace, Optional<String> region,
                            NomadTls tls, Duration timeout) {

    public static final String ALL_NAMESPACES = "*";

    public boolean allNamespaces() {
        return ALL_NAMESPACES.equals(namespace);
    }

    @Override
    public String toString() {
        return "NomadSettings[url=" + url + ", token=" + Masking.mask(token) + ", namespace=" + namespace
                + ", region=" + region.orElse("") + ", tls=" + tls + ", timeout=" + GoDuration.format(timeout) + "]";
    }
}
