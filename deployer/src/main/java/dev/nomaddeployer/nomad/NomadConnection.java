package dev.nomaddeployer.nomad;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Nomad. The token is kept out of {@link #toString()} so that a logged connection never
 * leaks it. {@code tokenFile}: where the token was read from, read again when it changes ({@link NomadToken}).
 */
public record NomadConnection(URI address, Optional<String> token, Optional<Path> tokenFile, Optional<String> region,
                              Duration timeout, Optional<NomadTls> tls) {

    /** A connection whose token never changes. */
    public NomadConnection(URI address, Optional<String> token, Optional<String> region, Duration timeout,
                           Optional<NomadTls> tls) {
        this(address, token, Optional.empty(), region, timeout, tls);
    }

    @Override
    public String toString() {
        return "NomadConnection[address=" + address + ", token=" + (token.isPresent() ? "********" : "none")
                + tokenFile.map(file -> " (from " + file + ")").orElse("")
                + ", region=" + region.orElse("") + ", timeout=" + timeout + ", tls=" + tls.isPresent() + "]";
    }
}
