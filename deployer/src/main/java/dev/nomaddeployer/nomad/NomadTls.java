package dev.nomaddeployer.nomad;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * A TLS context for Nomad together with what it was built from, so that a failed handshake can be explained
 * in terms of the settings to change ({@link TlsFailures}).
 */
public record NomadTls(SSLContext context, Setup setup) {
    /**
     * {@code clientCertificateRequested} turns true once Nomad asks for a client certificate, which a TLS 1.3
     * server does after the client thinks the handshake is done.
     */
    public record Setup(Optional<Path> caFile, Optional<Path> clientCertificate, Optional<String> serverName,
                        boolean skipVerify, AtomicBoolean clientCertificateRequested) {}
}
