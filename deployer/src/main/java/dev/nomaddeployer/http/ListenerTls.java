package dev.nomaddeployer.http;

import dev.nomaddeployer.config.CertificateFiles;
import dev.nomaddeployer.pem.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The listener's HTTPS set-up from {@code server.tls.cert_file} and {@code server.tls.key_file}, PEM files as
 * every CA tool and Nomad's own tooling write them. The key may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC); the JDK
 * alone reads only PKCS#8, hence BouncyCastle.
 */
final class ListenerTls {
    private ListenerTls() {
    }

    /** Thrown with a message naming the file and the setting it came from. */
    static final class TlsSetupException extends IllegalStateException {
        TlsSetupException(String message, Throwable cause) {
            super(message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    static SslContextFactory.Server sslContextFactory(CertificateFiles files) {
        List<Certificate> chain = certificates(files.certificate());
        PrivateKey key = privateKey(files.privateKey());
        requireMatch(key, chain.get(0), files);
        try {
            // In memory only; the password protects nothing but is required by the KeyStore API.
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("listener", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setSslContext(context);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot use server.tls.key_file " + files.privateKey()
                    + " with server.tls.cert_file " + files.certificate(), e);
        }
    }

    /** A mismatched pair would only show up as failed handshakes with a vague alert; say it at start-up. */
    private static void requireMatch(PrivateKey key, Certificate certificate, CertificateFiles files) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "nomad-deployer key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's lands here too
        }
        throw new TlsSetupException("server.tls.key_file " + files.privateKey()
                + " is not the private key of the first certificate in server.tls.cert_file " + files.certificate(),
                null);
    }

    private static List<Certificate> certificates(Path file) {
        try {
            return PemFiles.certificates(file);
        } catch (PemFiles.PemException e) {
            throw new TlsSetupException("server.tls.cert_file " + e.getMessage(), null);
        }
    }

    private static PrivateKey privateKey(Path file) {
        try {
            return PemFiles.privateKey(file);
        } catch (PemFiles.PemException e) {
            throw new TlsSetupException("server.tls.key_file " + e.getMessage(), null);
        }
    }
}
