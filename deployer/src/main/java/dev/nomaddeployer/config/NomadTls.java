package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS towards Nomad.
 *
 * @param caFile            a PEM file or a directory of PEM files; empty = the JVM's trust store
 * @param clientCertificate present for mutual TLS
 * @param serverName        expected name in Nomad's certificate; empty = the host of the URL
 */
public record NomadTls(Optional<Path> caFile, Optional<CertificateFiles> clientCertificate,
                       Optional<String> serverName, boolean skipVerify) {
}
