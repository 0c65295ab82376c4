package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.config.CertificateFiles;
import dev.nomaddeployer.metrics.DeployerMetrics;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.tls.cert_file} / {@code key_file}: the listener serves HTTPS with the operator's PEM files. */
@Timeout(30)
class ListenerTlsTest {
    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1 and localhost, written as PEM. */
    record SelfSigned(X509Certificate certificate, KeyPair keys) {
        static SelfSigned create(String keyAlgorithm) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            if (keyAlgorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=nomad-deployer test");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
            String signature = keyAlgorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
            return new SelfSigned(certificate, keys);
        }

        Path writeCertificate(Path file) throws IOException {
            return writePem(file, certificate);
        }

        /** PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), as {@code openssl genrsa -traditional} writes it. */
        Path writeRsaKey(Path file) throws IOException {
            return writePem(file, keys);
        }

        /**
         * SEC1 ({@code BEGIN EC PRIVATE KEY}) naming its curve, after an {@code EC PARAMETERS} block, as
         * {@code openssl ecparam -genkey} writes it; BouncyCastle's own writer would leave the curve out.
         */
        Path writeSec1Key(Path file) throws IOException {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            BigInteger secret = ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS();
            ECPrivateKey sec1 = new ECPrivateKey(256, secret, info.getPrivateKeyAlgorithm().getParameters());
            try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(new PemObject("EC PARAMETERS",
                        info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive().getEncoded()));
                pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
            return file;
        }

        /** PKCS#8 ({@code BEGIN PRIVATE KEY}). */
        Path writePkcs8Key(Path file) throws Exception {
            return writePem(file, new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        }

        SSLContext clientTrustingIt() throws Exception {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("listener", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }

        private static Path writePem(Path file, Object object) throws IOException {
            try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(object);
            }
            return file;
        }
    }

    @Test
    void callbackOverHttpsIsStored() throws Exception {
        SelfSigned pki = SelfSigned.create("RSA");
        CertificateFiles files = new CertificateFiles(pki.writeCertificate(dir.resolve("cert.pem")),
                pki.writeRsaKey(dir.resolve("key.pem")));
        try (Listener listener = Listener.start(dir, Listener.withTls(files), pki.clientTrustingIt())) {
            assertThat(listener.uri("/").getScheme()).isEqualTo("https");

            HttpResponse<String> response = listener.notify(Notification.push());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession()).isPresent();
            assertThat(listener.stored()).hasSize(1);
        }
    }

    @Test
    void ecKeyInSec1FormServesHttps() throws Exception {
        SelfSigned pki = SelfSigned.create("EC");
        CertificateFiles files = new CertificateFiles(pki.writeCertificate(dir.resolve("cert.pem")),
                pki.writeSec1Key(dir.resolve("key.pem")));
        try (Listener listener = Listener.start(dir, Listener.withTls(files), pki.clientTrustingIt())) {
            assertThat(listener.get("/health").statusCode()).isEqualTo(204);
        }
    }

    @Test
    void ecKeyInPkcs8FormServesHttps() throws Exception {
        SelfSigned pki = SelfSigned.create("EC");
        CertificateFiles files = new CertificateFiles(pki.writeCertificate(dir.resolve("cert.pem")),
                pki.writePkcs8Key(dir.resolve("key.pem")));
        try (Listener listener = Listener.start(dir, Listener.withTls(files), pki.clientTrustingIt())) {
            assertThat(listener.get("/health").statusCode()).isEqualTo(204);
        }
    }

    @Test
    void plainHttpToTheHttpsListenerStoresNothing() throws Exception {
        SelfSigned pki = SelfSigned.create("RSA");
        CertificateFiles files = new CertificateFiles(pki.writeCertificate(dir.resolve("cert.pem")),
                pki.writeRsaKey(dir.resolve("key.pem")));
        try (Listener listener = Listener.start(dir, Listener.withTls(files), pki.clientTrustingIt())) {
            try (RawHttp http = new RawHttp(listener.port(), Duration.ofSeconds(5))) {
                byte[] body = Notification.push();
                http.send(RawHttp.callbackHead("Content-Length: " + body.length)).send(body);
                assertThatThrownBy(http::read).isInstanceOf(IOException.class);
            }
            assertThat(listener.stored()).isEmpty();
        }
    }

    @Test
    void keyOfAnotherCertificateIsRefusedAtStartNamingBothFiles() throws Exception {
        SelfSigned served = SelfSigned.create("RSA");
        SelfSigned other = SelfSigned.create("RSA");
        Path cert = served.writeCertificate(dir.resolve("cert.pem"));
        Path key = other.writeRsaKey(dir.resolve("other-key.pem"));

        assertThatThrownBy(() -> newServer(new CertificateFiles(cert, key)))
                .hasMessageContaining("server.tls.key_file " + key)
                .hasMessageContaining("server.tls.cert_file " + cert);
    }

    @Test
    void fileWithoutACertificateIsRefusedAtStartNamingIt() throws Exception {
        SelfSigned pki = SelfSigned.create("EC");
        Path key = pki.writeSec1Key(dir.resolve("key.pem"));

        assertThatThrownBy(() -> newServer(new CertificateFiles(key, key)))
                .hasMessageContaining("server.tls.cert_file " + key);
    }

    @Test
    void fileWithoutAKeyIsRefusedAtStartNamingIt() throws Exception {
        SelfSigned pki = SelfSigned.create("EC");
        Path cert = pki.writeCertificate(dir.resolve("cert.pem"));

        assertThatThrownBy(() -> newServer(new CertificateFiles(cert, cert)))
                .hasMessageContaining("server.tls.key_file " + cert + " holds no PEM private key");
    }

    private void newServer(CertificateFiles files) {
        new WebServer(Listener.withTls(files), null, Listener.noWebhooks(), null, null, null, null, null, null, () -> { }, Clock.systemUTC(), DeployerMetrics.ownOnly(),
                null, "sqlite");
    }
}
