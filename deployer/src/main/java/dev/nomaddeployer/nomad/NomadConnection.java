package dev.nomaddeployer.nomad;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Nomad. The token is kept out of {@link #toString()} so that a logged connection never
 * leaks it.
 */
public record NomadConnection(URI address, Optional<String> token, Optional<String> region, Duration timeout,
                              Optional<NomadTls> tls) {
    @Override
    public String toString() {
        return "NomadConnection[address=" + address + ", token=" + (token.isPresent() ? "********" : "none")
                + ", region=" + region.orElse("") + ", timeout=" + timeout + ", tls=" + tls.isPresent() + "]";
    }
}
