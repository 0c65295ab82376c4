package dev.nomaddeployer.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Nomad.
 *
 * @param url       base URL without a trailing slash
 * @param token     ACL token; never printed
 * @param tokenFile the file the token was read from ({@code nomad.token_file}): read again when it changes, as
 *                  when Nomad renews a workload identity
 * @param namespace {@code *} = every namespace
 * @param region    empty = the agent's own region
 * @param timeout   per HTTP call; zero = no limit
 */
public record NomadSettings(URI url, Optional<String> token, Optional<Path> tokenFile, String namespace,
                            Optional<String> region,
                            NomadTls tls, Duration timeout) {

    @Override
    public String toString() {
        return "NomadSettings[url=" + url + ", token=" + (token.isPresent() ? SettingsTable.MASK : "")
                + ", namespace=" + namespace + ", region=" + region.orElse("") + ", tls=" + tls
                + ", timeout=" + GoDuration.format(timeout) + "]";
    }
}
