package dev.nomaddeployer.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Date;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Private key files in each layout that key tools write load as the key that was written: it signs what the
 * matching public key verifies. The files are written with BouncyCastle, an encoder independent of the reader.
 */
class PemFilesTest {
    /** Only for writing encrypted test keys; never registered, so the reader under test sees the JDK alone. */
    private static final java.security.Provider BOUNCY_CASTLE =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    @TempDir
    Path dir;

    /** A key, the PEM text a tool would write for it, and the signature scheme that proves it loaded intact. */
    record KeyFile(String layout, KeyPair keys, String pem, String signature, AlgorithmParameterSpec parameters) {
        @Override
        public String toString() {
            return layout;
        }
    }

    static Stream<KeyFile> everyLayoutToolsWrite() {
        KeyPair rsa = generate("RSA", null);
        KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
        KeyPair ec384 = generate("EC", new ECGenParameterSpec("secp384r1"));
        KeyPair ed25519 = generate("Ed25519", null);
        KeyPair pss = generate("RSASSA-PSS", null);
        PSSParameterSpec pssSha256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        return Stream.of(
                new KeyFile("RSA as PKCS#1 (openssl genrsa -traditional, cfssl)", rsa,
                        pem(w -> write(w, rsa.getPrivate())), "SHA256withRSA", null),
                new KeyFile("RSA as PKCS#8 (openssl genpkey, Vault)", rsa, pkcs8(rsa), "SHA256withRSA", null),
                new KeyFile("EC P-256 as SEC1 with curve and public key (nomad tls cert create)", ec,
                        pem(w -> write(w, new PemObject("EC PRIVATE KEY", sec1(ec, true, true)))),
                        "SHA256withECDSA", null),
                new KeyFile("EC P-256 as SEC1 without the optional public key", ec,
                        pem(w -> write(w, new PemObject("EC PRIVATE KEY", sec1(ec, true, false)))),
                        "SHA256withECDSA", null),
                new KeyFile("EC P-384 as SEC1 after EC PARAMETERS (openssl ecparam -genkey)", ec384,
                        pem(w -> {
                            write(w, new PemObject("EC PARAMETERS", curve(ec384)));
                            write(w, new PemObject("EC PRIVATE KEY", sec1(ec384, true, true)));
                        }), "SHA384withECDSA", null),
                new KeyFile("EC P-256 as SEC1 naming no curve, after EC PARAMETERS", ec,
                        pem(w -> {
                            write(w, new PemObject("EC PARAMETERS", curve(ec)));
                            write(w, new PemObject("EC PRIVATE KEY", sec1(ec, false, true)));
                        }), "SHA256withECDSA", null),
                new KeyFile("EC P-256 as PKCS#8 (openssl 3, step-ca)", ec, pkcs8(ec), "SHA256withECDSA", null),
                new KeyFile("Ed25519 as PKCS#8 (openssl genpkey -algorithm ed25519)", ed25519, pkcs8(ed25519),
                        "Ed25519", null),
                new KeyFile("RSA-PSS as PKCS#8 (openssl genpkey -algorithm rsa-pss)", pss, pkcs8(pss), "RSASSA-PSS",
                        pssSha256),
                new KeyFile("EC key after its certificate and explanatory text, in one file", ec,
                        "Bag Attributes\n    friendlyName: nomad\n"
                                + pem(w -> write(w, selfSigned(ec)))
                                + "subject=CN = client.global.nomad\n"
                                + pem(w -> write(w, new PemObject("EC PRIVATE KEY", sec1(ec, true, true)))),
                        "SHA256withECDSA", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyLayoutToolsWrite")
    void keyInEachLayoutLoadsAsTheKeyThatWasWritten(KeyFile keyFile) throws Exception {
        Path file = Files.writeString(dir.resolve("key.pem"), keyFile.pem());

        PrivateKey loaded = PemFiles.privateKey(file);

        assertThat(signsForItsPublicKey(loaded, keyFile)).isTrue();
    }

    @Test
    void keyOfAnotherPairDoesNotPassTheSignatureCheck() throws Exception {
        KeyPair written = generate("EC", new ECGenParameterSpec("secp256r1"));
        KeyPair other = generate("EC", new ECGenParameterSpec("secp256r1"));
        Path file = Files.writeString(dir.resolve("key.pem"), pkcs8(written));

        PrivateKey loaded = PemFiles.privateKey(file);

        assertThat(signsForItsPublicKey(loaded, new KeyFile("other", other, "", "SHA256withECDSA", null))).isFalse();
    }

    @Test
    void encryptedPkcs8KeyIsRefusedSayingThereIsNoPassphraseSetting() throws Exception {
        KeyPair keys = generate("EC", new ECGenParameterSpec("secp256r1"));
        Path file = Files.writeString(dir.resolve("key.pem"), pem(w -> {
            try {
                write(w, new JcaPKCS8Generator(keys.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                .setProvider(BOUNCY_CASTLE).setPassword("secret".toCharArray()).build()));
            } catch (org.bouncycastle.operator.OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }));

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .isInstanceOf(PemFiles.PemException.class)
                .hasMessage(file + " is encrypted; give an unencrypted key (there is no passphrase setting)");
    }

    @Test
    void encryptedTraditionalKeyIsRefusedSayingThereIsNoPassphraseSetting() throws Exception {
        KeyPair keys = generate("RSA", null);
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(keys.getPrivate(), new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BOUNCY_CASTLE)
                    .build("secret".toCharArray()));
        }
        assertThat(text.toString()).contains("Proc-Type: 4,ENCRYPTED");
        Path file = Files.writeString(dir.resolve("key.pem"), text.toString());

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .isInstanceOf(PemFiles.PemException.class)
                .hasMessage(file + " is encrypted; give an unencrypted key (there is no passphrase setting)");
    }

    @Test
    void ecKeyNamingNoCurveWithoutParametersBeforeItIsRefusedSayingSo() throws Exception {
        KeyPair keys = generate("EC", new ECGenParameterSpec("secp256r1"));
        Path file = Files.writeString(dir.resolve("key.pem"),
                pem(w -> write(w, new PemObject("EC PRIVATE KEY", sec1(keys, false, true)))));

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .isInstanceOf(PemFiles.PemException.class)
                .hasMessageStartingWith(file + ": cannot use the private key: ")
                .hasMessageContaining("names no curve");
    }

    @Test
    void keyLayoutTheServiceDoesNotReadIsRefusedNamingItAndTheWayOut() throws Exception {
        Path file = Files.writeString(dir.resolve("id_ed25519"),
                pem(w -> write(w, new PemObject("OPENSSH PRIVATE KEY",
                        "openssh-key-v1".getBytes(StandardCharsets.US_ASCII)))));

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .isInstanceOf(PemFiles.PemException.class)
                .hasMessageStartingWith(file + " holds a OPENSSH PRIVATE KEY, which the service does not read")
                .hasMessageContaining("PKCS#8");
    }

    @Test
    void blockWithoutEndLineIsRefusedAsUnreadable() throws Exception {
        KeyPair keys = generate("EC", new ECGenParameterSpec("secp256r1"));
        String cut = pkcs8(keys).replace("-----END PRIVATE KEY-----", "");
        Path file = Files.writeString(dir.resolve("key.pem"), cut);

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .isInstanceOf(PemFiles.PemException.class)
                .hasMessage(file + ": cannot read a private key: BEGIN PRIVATE KEY has no END line");
    }

    @Test
    void binaryFileHoldsNoPemPrivateKey() throws Exception {
        KeyPair keys = generate("EC", new ECGenParameterSpec("secp256r1"));
        Path file = Files.write(dir.resolve("key.der"), keys.getPrivate().getEncoded());

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .isInstanceOf(PemFiles.PemException.class)
                .hasMessage(file + " holds no PEM private key");
    }

    static boolean signsForItsPublicKey(PrivateKey loaded, KeyFile keyFile) throws GeneralSecurityException {
        byte[] probe = "a notification batch".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(keyFile.signature());
        if (keyFile.parameters() != null) {
            signer.setParameter(keyFile.parameters());
        }
        signer.initSign(loaded);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(keyFile.signature());
        if (keyFile.parameters() != null) {
            verifier.setParameter(keyFile.parameters());
        }
        verifier.initVerify(keyFile.keys().getPublic());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    static KeyPair generate(String algorithm, AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else if (algorithm.startsWith("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code BEGIN PRIVATE KEY}, as BouncyCastle writes PKCS#8. */
    static String pkcs8(KeyPair keys) {
        return pem(w -> {
            try {
                write(w, new JcaPKCS8Generator(keys.getPrivate(), null).generate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The curve, as ECParameters (RFC 5480): what an {@code EC PARAMETERS} block and SEC1's [0] field hold. */
    static byte[] curve(KeyPair keys) {
        try {
            return PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).getPrivateKeyAlgorithm().getParameters()
                    .toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SEC1 ECPrivateKey (RFC 5915) with or without its two optional fields. */
    static byte[] sec1(KeyPair keys, boolean withCurve, boolean withPublicKey) {
        ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
        int bits = key.getParams().getOrder().bitLength();
        ASN1Encodable curve = withCurve
                ? PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters() : null;
        DERBitString publicKey = withPublicKey
                ? new DERBitString(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded())
                        .getPublicKeyData().getBytes()) : null;
        try {
            return new org.bouncycastle.asn1.sec.ECPrivateKey(bits, key.getS(), publicKey, curve).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static java.security.cert.X509Certificate selfSigned(KeyPair keys) {
        try {
            X500Name name = new X500Name("CN=client.global.nomad");
            Date now = new Date();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, now,
                    new Date(now.getTime() + 3_600_000L), name, keys.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface PemWriting {
        void to(JcaPEMWriter writer) throws IOException;
    }

    static String pem(PemWriting writing) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writing.to(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JcaPEMWriter writer, Object object) throws IOException {
        writer.writeObject(object);
    }
}
