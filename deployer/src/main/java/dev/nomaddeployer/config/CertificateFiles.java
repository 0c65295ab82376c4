package dev.nomaddeployer.config;

import java.nio.file.Path;

/** A PEM certificate (chain) and its private key; configured together or not at all. */
public record CertificateFiles(Path certificate, Path privateKey) {
}
