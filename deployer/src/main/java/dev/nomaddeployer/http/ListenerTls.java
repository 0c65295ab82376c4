package dev.nomaddeployer.http;

import dev.nomaddeployer.config.CertificateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
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
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (chain.isEmpty()) {
                throw new TlsSetupException("server.tls.cert_file " + file + " holds no PEM certificate", null);
            }
            return chain;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException("cannot read server.tls.cert_file " + file, e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        Object pem;
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            pem = parser.readObject();
            while (pem != null && !isKey(pem)) {
                pem = parser.readObject(); // e.g. "EC PARAMETERS" ahead of the key, as openssl writes it
            }
        } catch (IOException e) {
            throw new TlsSetupException("cannot read server.tls.key_file " + file, e);
        }
        if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new TlsSetupException("server.tls.key_file " + file
                    + " is encrypted; give an unencrypted key (the service has no passphrase setting)", null);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 keys may carry no public key
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new TlsSetupException("cannot use the private key in server.tls.key_file " + file, e);
        }
        throw new TlsSetupException("server.tls.key_file " + file + " holds no PEM private key", null);
    }

    private static boolean isKey(Object pem) {
        return pem instanceof PEMKeyPair || pem instanceof PrivateKeyInfo || pem instanceof PEMEncryptedKeyPair
                || pem instanceof PKCS8EncryptedPrivateKeyInfo;
    }
}
