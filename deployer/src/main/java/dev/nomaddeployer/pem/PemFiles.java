package dev.nomaddeployer.pem;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Certificates and private keys from PEM files, in every layout CA tools and Nomad's own tooling write: keys
 * as PKCS#8, PKCS#1 (RSA) or SEC1 (EC, with or without the optional public key, after an optional
 * {@code EC PARAMETERS} block). The JDK alone reads only PKCS#8 keys, hence BouncyCastle.
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
        Object pem;
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            pem = parser.readObject();
            while (pem != null && !isKey(pem)) {
                pem = parser.readObject();
            }
        } catch (IOException e) {
            throw new PemException(file + ": cannot read a private key", e);
        }
        if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new PemException(file + " is encrypted; give an unencrypted key (there is no passphrase setting)",
                    null);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                // SEC1 makes the public key optional and some tools leave it out; the private part is enough.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new PemException(file + ": cannot use the private key", e);
        }
        throw new PemException(file + " holds no PEM private key", null);
    }

    private static boolean isKey(Object pem) {
        return pem instanceof PEMKeyPair || pem instanceof PrivateKeyInfo || pem instanceof PEMEncryptedKeyPair
                || pem instanceof PKCS8EncryptedPrivateKeyInfo;
    }
}
