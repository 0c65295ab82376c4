package dev.nomaddeployer.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP listener. A zero read or write timeout means no limit, as with Go's http.Server.
 *
 * @param tls             present when the listener serves HTTPS
 * @param allowedNetworks empty = every client may connect
 * @param maxConnectionsPerClient 0 = no limit
 */
public record ServerSettings(ListenAddress address, Duration readTimeout, Duration writeTimeout,
                             Duration shutdownTimeout, boolean logRequests, Optional<CertificateFiles> tls,
                             List<Cidr> allowedNetworks, long maxBodyBytes, int maxConnectionsPerClient) {

    public ServerSettings {
        allowedNetworks = List.copyOf(allowedNetworks);
    }
}
