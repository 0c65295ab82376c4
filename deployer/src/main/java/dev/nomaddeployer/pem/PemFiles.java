package dev.nomaddeployer.pem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;

/**
 * Certificates and private keys from PEM files, in every layout CA tools and Nomad's own tooling write: keys
 * as PKCS#8, PKCS#1 (RSA) or SEC1 (EC, with or without the optional public key, after an optional
 * {@code EC PARAMETERS} block). The JDK's key factories read only PKCS#8, so the two older layouts are wrapped
 * into it ({@link Pkcs8}); the same layouts Go's {@code tls.X509KeyPair}, and so Nomad itself, accepts.
 */
public final class PemFiles {
    private PemFiles() {}

    /** What is wrong with a PEM file; the message starts with the file, the caller puts the setting before it. */
    public static final class PemException extends Exception {
        PemException(String message, Throwable cause) {
            super(message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    /** Every certificate in the file, in order (a chain: leaf first). */
    public static List<Certificate> certificates(Path file) throws PemException {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new PemException(file + " holds no PEM certificate", null);
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new PemException(file + ": cannot read certificates", e);
        }
    }

    /** The first private key in the file; encrypted keys are refused because there is no passphrase setting. */
    public static PrivateKey privateKey(Path file) throws PemException {
        List<PemBlock> blocks;
        try {
            // PEM is ASCII; Latin-1 reads any byte, so a binary file yields "no PEM private key", not a charset error
            blocks = PemBlock.parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException | KeyFormatException e) {
            throw new PemException(file + ": cannot read a private key", e);
        }
        Optional<byte[]> ecParameters = Optional.empty();
        for (PemBlock block : blocks) {
            String label = block.label();
            if (label.equals("EC PARAMETERS")) {
                ecParameters = Optional.of(block.der());
                continue;
            }
            if (!label.endsWith("PRIVATE KEY")) {
                continue;
            }
            if (label.equals("ENCRYPTED PRIVATE KEY") || block.isEncrypted()) {
                throw new PemException(file + " is encrypted; give an unencrypted key (there is no passphrase setting)",
                        null);
            }
            try {
                return switch (label) {
                    case "PRIVATE KEY" -> Pkcs8.toPrivateKey(block.der());
                    case "RSA PRIVATE KEY" -> Pkcs8.toPrivateKey(Pkcs8.fromPkcs1(block.der()));
                    // SEC1 makes the public key optional and some tools leave it out; the private part is enough.
                    case "EC PRIVATE KEY" -> Pkcs8.toPrivateKey(Pkcs8.fromSec1(block.der(), ecParameters));
                    default -> throw new PemException(file + " holds a " + label + ", which the service does not "
                            + "read; convert it to PKCS#8 (BEGIN PRIVATE KEY), e.g. openssl pkcs8 -topk8 -nocrypt",
                            null);
                };
            } catch (KeyFormatException | GeneralSecurityException e) {
                throw new PemException(file + ": cannot use the private key", e);
            }
        }
        throw new PemException(file + " holds no PEM private key", null);
    }
}
