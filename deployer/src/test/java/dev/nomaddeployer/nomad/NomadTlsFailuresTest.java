package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nomaddeployer.security.TestPki;
import dev.nomaddeployer.security.TestPki.KeyFormat;
import dev.nomaddeployer.security.TestPki.KeyType;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads when TLS to Nomad is misconfigured: each failure names the setting to change, and
 * none is permanent, so pushes wait for the fix instead of being dropped.
 */
@Timeout(30)
class NomadTlsFailuresTest {
    @TempDir
    Path dir;
    final TestPki pki = TestPki.create("nomad-agent-ca");
    NomadSim nomad;

    @AfterEach
    void stop() {
        if (nomad != null) {
            nomad.close();
        }
    }

    private void startNomad(TestPki.Issued serverCertificate) {
        nomad = NomadSim.builder().tls(pki.serverContext(serverCertificate), true).build().start();
    }

    private NomadClient client(Optional<Path> caFile, TestPki.Issued clientCertificate, Optional<String> serverName)
            throws TlsContexts.TlsSetupException {
        Optional<Path> cert = Optional.ofNullable(clientCertificate)
                .map(c -> c.writeCertificate(dir.resolve("cli.pem")));
        Optional<Path> key = Optional.ofNullable(clientCertificate)
                .map(c -> c.writeKey(dir.resolve("cli-key.pem"), KeyFormat.SEC1));
        return new NomadClient(new NomadConnection(nomad.baseUrl(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(5), Optional.of(TlsContexts.create(caFile, cert, key, serverName, false))));
    }

    private Path ca() {
        return pki.writeCertificate(dir.resolve("nomad-agent-ca.pem"));
    }

    private static NomadException listFails(NomadClient client) {
        NomadException failure = catchThrowableOfType(NomadException.class, () -> client.listJobs("*", 0, Duration.ZERO).stubs());
        assertThat(failure).as("listing jobs should have failed").isNotNull();
        assertThat(failure.error()).isInstanceOf(NomadError.Unavailable.class);
        return failure;
    }

    @Test
    void certificateFromAnotherCaIsReportedAsNotTrustedByTheConfiguredCaFile() throws Exception {
        startNomad(pki.nomadServer());
        Path otherCa = TestPki.create("some-other-ca").writeCertificate(dir.resolve("other-ca.pem"));

        NomadException failure = listFails(client(Optional.of(otherCa), pki.client(KeyType.EC), Optional.empty()));

        assertThat(failure.getMessage()).contains("TLS handshake with Nomad at " + nomad.baseUrl() + " failed")
                .contains("certificate not trusted by nomad.tls.ca_file (" + otherCa + ")");
    }

    @Test
    void withoutCaFileTheErrorSaysOnlyTheJvmsCasAreTrustedAndWhichSettingToSet() throws Exception {
        startNomad(pki.nomadServer());

        NomadException failure = listFails(client(Optional.empty(), pki.client(KeyType.EC), Optional.empty()));

        assertThat(failure.getMessage()).contains("nomad.tls.ca_file is not set").contains("NOMAD_CACERT");
    }

    @Test
    void expiredServerCertificateIsReportedAsExpired() throws Exception {
        startNomad(pki.expiredNomadServer());

        NomadException failure = listFails(client(Optional.of(ca()), pki.client(KeyType.EC), Optional.empty()));

        assertThat(failure.getMessage()).contains("Nomad's certificate has expired").contains("NotAfter");
    }

    @Test
    void certificateNamingOnlyServerGlobalNomadAsksForServerNameWhenDialledByAddress() throws Exception {
        startNomad(pki.nomadServerNamedOnlyByRole());

        NomadException failure = listFails(client(Optional.of(ca()), pki.client(KeyType.EC), Optional.empty()));

        assertThat(failure.getMessage()).contains("does not name 127.0.0.1")
                .contains("nomad.tls.server_name").contains("server.global.nomad");
    }

    @Test
    void serverNameTheCertificateDoesNotCarryIsNamedWithTheNamesItDoes() throws Exception {
        startNomad(pki.nomadServer());

        NomadException failure = listFails(
                client(Optional.of(ca()), pki.client(KeyType.EC), Optional.of("server.europe.nomad")));

        assertThat(failure.getMessage()).contains("not valid for server name server.europe.nomad")
                .contains("server.global.nomad").contains("set nomad.tls.server_name");
    }

    @Test
    void missingClientCertificateWhenNomadRequiresOneNamesTheSettingsToSet() throws Exception {
        startNomad(pki.nomadServer());

        NomadException failure = listFails(client(Optional.of(ca()), null, Optional.empty()));

        assertThat(failure.getMessage()).contains("Nomad requires a client certificate")
                .contains("nomad.tls.client_cert").contains("nomad.tls.client_key");
    }

    @Test
    void clientCertificateFromAnotherCaIsReportedAsRefusedByNomad() throws Exception {
        startNomad(pki.nomadServer());
        TestPki.Issued stranger = TestPki.create("some-other-ca").client(KeyType.EC);

        NomadException failure = listFails(client(Optional.of(ca()), stranger, Optional.empty()));

        assertThat(failure.getMessage()).contains("Nomad refused our client certificate " + dir.resolve("cli.pem"));
    }

    @Test
    void httpsUrlPointingAtPlainHttpNomadSaysNomadDoesNotSpeakTls() throws Exception {
        // Go's HTTP server answers a TLS hello on a plain port with a bare 400, as this listener does.
        try (ServerSocket plainNomad = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket connection = plainNomad.accept()) {
                    connection.getOutputStream().write(
                            "HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test fails on the client side if this listener never answered
                }
            });
            answering.setDaemon(true);
            answering.start();
            NomadClient client = new NomadClient(new NomadConnection(
                    URI.create("https://127.0.0.1:" + plainNomad.getLocalPort()), Optional.empty(), Optional.empty(),
                    Duration.ofSeconds(5), Optional.of(TlsContexts.create(Optional.of(ca()), Optional.empty(),
                            Optional.empty(), Optional.empty(), false))));

            NomadException failure = listFails(client);

            assertThat(failure.getMessage()).contains("does not speak TLS").contains("http://");
        }
    }

    @Test
    void serverNameMakesACertificateNamingOnlyServerGlobalNomadTrustedAtAnAddress() throws Exception {
        startNomad(pki.nomadServerNamedOnlyByRole());

        NomadClient client = client(Optional.of(ca()), pki.client(KeyType.EC), Optional.of("server.global.nomad"));

        assertThat(client.listJobs("*", 0, Duration.ZERO).stubs()).isEmpty();
    }
}
