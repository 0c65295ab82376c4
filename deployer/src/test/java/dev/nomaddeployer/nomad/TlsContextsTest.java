package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.security.TestPki;
import dev.nomaddeployer.security.TestPki.KeyFormat;
import dev.nomaddeployer.security.TestPki.KeyType;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEM files as Nomad's and other tools write them, used for mutual TLS against a Nomad that demands it. */
@Timeout(30)
class TlsContextsTest {
    @TempDir
    Path dir;
    final TestPki pki = TestPki.create("nomad-agent-ca");
    NomadSim nomad;

    @BeforeEach
    void start() {
        nomad = NomadSim.builder().tls(pki.serverContext(pki.nomadServer()), true).build().start();
    }

    @AfterEach
    void stop() {
        nomad.close();
    }

    private boolean nomadAnswers(NomadTls context) throws NomadException {
        NomadClient client = new NomadClient(new NomadConnection(nomad.baseUrl(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(5), Optional.of(context)));
        return client.listJobs("*", 0, Duration.ZERO).stubs().isEmpty();
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"EC, SEC1", "EC, SEC1_PRIVATE_ONLY", "EC, PKCS8", "RSA, PKCS1", "RSA, PKCS8"})
    void clientKeyInEveryPemLayoutToolsWriteAuthenticatesToNomad(KeyType type, KeyFormat format) throws Exception {
        TestPki.Issued client = pki.client(type);
        Path cert = client.writeCertificate(dir.resolve("cli.pem"));
        Path key = client.writeKey(dir.resolve("cli-key.pem"), format);

        NomadTls context = TlsContexts.create(Optional.of(pki.writeCertificate(dir.resolve("ca.pem"))),
                Optional.of(cert), Optional.of(key), Optional.empty(), false);

        assertThat(nomadAnswers(context)).isTrue();
    }

    @Test
    void caDirectoryTrustsEveryCertificateFileInIt() throws Exception {
        Path cas = Files.createDirectory(dir.resolve("ca.d"));
        TestPki.create("unrelated-ca").writeCertificate(cas.resolve("a-unrelated.pem"));
        pki.writeCertificate(cas.resolve("nomad-agent-ca.crt"));
        TestPki.Issued client = pki.client(KeyType.EC);

        NomadTls context = TlsContexts.create(Optional.of(cas),
                Optional.of(client.writeCertificate(dir.resolve("cli.pem"))),
                Optional.of(client.writeKey(dir.resolve("cli-key.pem"), KeyFormat.SEC1)), Optional.empty(), false);

        assertThat(nomadAnswers(context)).isTrue();
    }

    @Test
    void caDirectoryWithoutCertificatesIsRefusedNamingTheDirectory() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty-ca.d"));
        Files.writeString(empty.resolve("README"), "certificates go here");

        assertThatThrownBy(() -> TlsContexts.create(Optional.of(empty), Optional.empty(), Optional.empty(),
                Optional.empty(), false))
                .isInstanceOf(TlsContexts.TlsSetupException.class)
                .hasMessageContaining("no CA certificate found in " + empty);
    }

    @Test
    void keyFileHoldingNoKeyIsRefusedNamingTheFile() {
        TestPki.Issued client = pki.client(KeyType.EC);
        Path cert = client.writeCertificate(dir.resolve("cli.pem"));

        assertThatThrownBy(() -> TlsContexts.create(Optional.empty(), Optional.of(cert), Optional.of(cert),
                Optional.empty(), false))
                .isInstanceOf(TlsContexts.TlsSetupException.class)
                .hasMessageContaining(cert + " holds no PEM private key");
    }
}
