package dev.nomaddeployer.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throwaway certificate authority issuing certificates the way {@code nomad tls cert create} does:
 * servers named {@code server.<region>.nomad}, EC keys, server and client auth.
 */
public final class TestPki {
    public static final String NOMAD_SERVER_NAME = "server.global.nomad";

    /** How a private key is written; each tool that makes Nomad certificates writes one of these. */
    public enum KeyFormat {
        /** {@code -----BEGIN PRIVATE KEY-----}: openssl 3, Vault, step-ca. */
        PKCS8,
        /** {@code -----BEGIN EC PRIVATE KEY-----} with curve and public key: {@code nomad tls cert create} (Go). */
        SEC1,
        /** {@code -----BEGIN EC PRIVATE KEY-----} with the curve but without the optional public key. */
        SEC1_PRIVATE_ONLY,
        /** {@code -----BEGIN RSA PRIVATE KEY-----}: openssl 1.x {@code genrsa}, cfssl with RSA. */
        PKCS1
    }

    public enum KeyType { EC, RSA }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final X509Certificate certificate;
    private final KeyPair keys;

    private TestPki(X509Certificate certificate, KeyPair keys) {
        this.certificate = certificate;
        this.keys = keys;
    }

    /** A certificate and its key pair, issued by this authority. */
    public record Issued(X509Certificate certificate, KeyPair keys, X509Certificate issuer) {
        public Path writeCertificate(Path file) {
            return writePem(file, certificate);
        }

        public Path writeKey(Path file, KeyFormat format) {
            PrivateKey key = keys.getPrivate();
            if ((format == KeyFormat.PKCS1) != key.getAlgorithm().equals("RSA") && format != KeyFormat.PKCS8) {
                throw new IllegalArgumentException(format + " cannot hold a " + key.getAlgorithm() + " key");
            }
            try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                switch (format) {
                    case PKCS8 -> pem.writeObject(new JcaPKCS8Generator(key, null));
                    case SEC1 -> pem.writeObject(new PemObject("EC PRIVATE KEY", sec1(true)));
                    case SEC1_PRIVATE_ONLY -> pem.writeObject(new PemObject("EC PRIVATE KEY", sec1(false)));
                    case PKCS1 -> pem.writeObject(key);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        /** The layout Go's {@code x509.MarshalECPrivateKey} writes: version, key, [0] curve, [1] public key. */
        private byte[] sec1(boolean withPublicKey) throws IOException {
            ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
            int bits = key.getParams().getOrder().bitLength();
            ASN1Encodable curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
            if (!withPublicKey) {
                return new org.bouncycastle.asn1.sec.ECPrivateKey(bits, key.getS(), curve).getEncoded();
            }
            byte[] publicPoint = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                    .getPublicKeyData().getBytes();
            return new org.bouncycastle.asn1.sec.ECPrivateKey(bits, key.getS(), new DERBitString(publicPoint), curve)
                    .getEncoded();
        }
    }

    public static TestPki create(String name) {
        KeyPair keys = generate(KeyType.EC);
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new TestPki(sign(builder, keys), keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create test CA " + name, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Path writeCertificate(Path file) {
        return writePem(file, certificate);
    }

    /** {@code server.global.nomad}, {@code localhost} and 127.0.0.1, valid now, an EC key. */
    public Issued nomadServer() {
        return issue(NOMAD_SERVER_NAME, List.of(NOMAD_SERVER_NAME, "localhost"), List.of("127.0.0.1"),
                validNow(), KeyType.EC);
    }

    /** Only {@code server.global.nomad}: what a Nomad server's certificate names, never the address dialled. */
    public Issued nomadServerNamedOnlyByRole() {
        return issue(NOMAD_SERVER_NAME, List.of(NOMAD_SERVER_NAME), List.of(), validNow(), KeyType.EC);
    }

    public Issued expiredNomadServer() {
        Instant now = Instant.now();
        return issue(NOMAD_SERVER_NAME, List.of(NOMAD_SERVER_NAME, "localhost"), List.of("127.0.0.1"),
                new Validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))), KeyType.EC);
    }

    public Issued client(KeyType type) {
        return issue("cli.global.nomad", List.of("cli.global.nomad"), List.of(), validNow(), type);
    }

    public record Validity(Instant notBefore, Instant notAfter) {}

    private static Validity validNow() {
        Instant now = Instant.now();
        return new Validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    public Issued issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Validity validity,
                        KeyType type) {
        KeyPair subjectKeys = generate(type);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(validity.notBefore()),
                    Date.from(validity.notAfter()), new X500Name("CN=" + commonName), subjectKeys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            return new Issued(sign(builder, keys), subjectKeys, certificate);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue test certificate for " + commonName, e);
        }
    }

    /**
     * What the simulator serves: {@code server}'s chain, and this authority as the only one whose client
     * certificates it accepts.
     */
    public SSLContext serverContext(Issued server) {
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("server", server.keys().getPrivate(), new char[0],
                    new X509Certificate[] {server.certificate(), certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, new char[0]);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", certificate);
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the simulator's TLS context", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair generate(KeyType type) {
        try {
            if (type == KeyType.RSA) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + type + " key", e);
        }
    }

    private static Path writePem(Path file, Object object) {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
