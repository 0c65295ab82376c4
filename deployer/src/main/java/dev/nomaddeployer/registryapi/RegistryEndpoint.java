package dev.nomaddeployer.registryapi;

import java.net.URI;
import java.util.Optional;

/**
 * One registry the service reads from (an entry of {@code registries}): its API's base URL, the read credentials
 * (basic, or for the registry's token service) and how many requests it may be sent. {@link #toString()} never
 * shows the password.
 *
 * @param url      {@code http(s)://host[:port]}, where {@code /v2/} is served
 * @param username with {@code password}, or neither: anonymous reads
 * @param rate     {@code rate_limit}: every request to the registry and its token service counts
 */
public record RegistryEndpoint(URI url, Optional<String> username, Optional<String> password, RequestRate rate) {

    /** With the default {@code rate_limit}. */
    public RegistryEndpoint(URI url, Optional<String> username, Optional<String> password) {
        this(url, username, password, RequestRate.DEFAULT);
    }

    /** {@code host[:port]} as the URL names it, for matching push hosts and for messages. */
    public String hostPort() {
        return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    public boolean hasCredentials() {
        return username.isPresent() && password.isPresent();
    }

    @Override
    public String toString() {
        return "RegistryEndpoint[url=" + url + ", username=" + username.orElse("") + ", password="
                + (password.isPresent() ? "********" : "") + ", rate=" + rate + "]";
    }
}
