package dev.nomaddeployer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.security.TestPki.KeyFormat;
import dev.nomaddeployer.security.TestPki.KeyType;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a Nomad that serves HTTPS and demands client certificates ({@code tls.http = true},
 * {@code verify_https_client = true}), with certificates made the way {@code nomad tls cert create} makes them.
 */
@Timeout(60)
class NomadMutualTlsTest {
    @TempDir
    Path dir;
    final TestPki pki = TestPki.create("nomad-agent-ca");
    NomadSim nomad;
    RunningDeployer service;
    LogCapture log;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (log != null) {
            log.close();
        }
        if (nomad != null) {
            nomad.close();
        }
    }

    private void startNomad(TestPki.Issued serverCertificate) {
        nomad = NomadSim.builder().tls(pki.serverContext(serverCertificate), true).build().start();
        nomad.registerJob(JobFixtures.web());
    }

    private Path ca() {
        return pki.writeCertificate(dir.resolve("nomad-agent-ca.pem"));
    }

    /** {@code global-cli-nomad.pem} and its SEC1 EC key, as {@code nomad tls cert create -cli} names them. */
    private List<String> clientCertificateFlags() {
        TestPki.Issued client = pki.client(KeyType.EC);
        return List.of(
                "--nomad.tls.client_cert=" + client.writeCertificate(dir.resolve("global-cli-nomad.pem")),
                "--nomad.tls.client_key=" + client.writeKey(dir.resolve("global-cli-nomad-key.pem"), KeyFormat.SEC1));
    }

    private void startService(List<String> flags) throws Exception {
        service = RunningDeployer.start(dir, nomad.baseUrl(), flags);
    }

    private String webVersion() {
        return nomad.job("default", "web").orElseThrow().path("Meta").path("VERSION").asText();
    }

    private void pushRedeploysWeb() {
        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(webVersion()).isEqualTo("3.1.0"));
        service.awaitIdle();
        assertThat(service.history("web")).first().satisfies(entry -> {
            assertThat(entry.path("status").asText()).isEqualTo("registered");
            assertThat(entry.path("new_value").asText()).isEqualTo("3.1.0");
        });
    }

    /** The push is accepted and kept; every retry logs {@code expected}, and nothing reaches Nomad's jobs. */
    private void pushIsKeptWhileLogSays(String expected) {
        assertThat(service.push("team/web", "3.1.0")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(log.warnings())
                .filteredOn(line -> line.contains("event=discovery_failed") && line.contains(expected))
                .hasSizeGreaterThanOrEqualTo(2));
        assertThat(service.app().idle()).as("the push is still waiting").isFalse();
        assertThat(nomad.registrations()).isEmpty();
        assertThat(webVersion()).isEqualTo("1.5.0");
    }

    @Test
    void pushRedeploysOverMutualTlsWithCaFileAndClientCertificate() throws Exception {
        startNomad(pki.nomadServer());
        List<String> flags = new ArrayList<>(clientCertificateFlags());
        flags.add("--nomad.tls.ca_file=" + ca());
        startService(flags);

        pushRedeploysWeb();
    }

    @Test
    void pushRedeploysWithACaDirectoryHoldingSeveralCas() throws Exception {
        startNomad(pki.nomadServer());
        Path cas = Files.createDirectory(dir.resolve("ca.d"));
        TestPki.create("corporate-root").writeCertificate(cas.resolve("corporate-root.pem"));
        pki.writeCertificate(cas.resolve("nomad-agent-ca.pem"));
        List<String> flags = new ArrayList<>(clientCertificateFlags());
        flags.add("--nomad.tls.ca_file=" + cas);
        startService(flags);

        pushRedeploysWeb();
    }

    @Test
    void nomadsOwnEnvironmentVariablesWithServerNameReachANomadDialledByAddress() throws Exception {
        startNomad(pki.nomadServerNamedOnlyByRole());
        TestPki.Issued client = pki.client(KeyType.EC);
        Map<String, String> env = Map.of(
                "NOMAD_ADDR", nomad.baseUrl().toString(),
                "NOMAD_CACERT", ca().toString(),
                "NOMAD_CLIENT_CERT", client.writeCertificate(dir.resolve("cli.pem")).toString(),
                "NOMAD_CLIENT_KEY", client.writeKey(dir.resolve("cli-key.pem"), KeyFormat.SEC1).toString(),
                "NOMAD_TLS_SERVER_NAME", TestPki.NOMAD_SERVER_NAME);
        service = RunningDeployer.start(dir, RunningDeployer.flags(dir), env, Optional.empty());

        assertThat(nomad.baseUrl().getHost()).isEqualTo("127.0.0.1");
        pushRedeploysWeb();
    }

    @Test
    void untrustedNomadKeepsThePushSayingTheCertificateIsNotTrustedUntilTheCaIsFixed() throws Exception {
        startNomad(pki.nomadServer());
        Path wrongCa = TestPki.create("some-other-ca").writeCertificate(dir.resolve("wrong-ca.pem"));
        List<String> flags = new ArrayList<>(clientCertificateFlags());
        log = LogCapture.start();
        startService(listWith(flags, "--nomad.tls.ca_file=" + wrongCa));

        pushIsKeptWhileLogSays("certificate not trusted by nomad.tls.ca_file (" + wrongCa + ")");

        service.close();
        service = null;
        startService(listWith(flags, "--nomad.tls.ca_file=" + ca()));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(webVersion()).isEqualTo("3.1.0"));
    }

    @Test
    void expiredNomadCertificateKeepsThePushSayingTheCertificateExpired() throws Exception {
        startNomad(pki.expiredNomadServer());
        log = LogCapture.start();
        startService(listWith(clientCertificateFlags(), "--nomad.tls.ca_file=" + ca()));

        pushIsKeptWhileLogSays("Nomad's certificate has expired");
    }

    @Test
    void missingClientCertificateKeepsThePushSayingNomadRequiresOne() throws Exception {
        startNomad(pki.nomadServer());
        log = LogCapture.start();
        startService(List.of("--nomad.tls.ca_file=" + ca()));

        pushIsKeptWhileLogSays("Nomad requires a client certificate");
    }

    @Test
    void skipVerifyReachesAnUntrustedNomadAndWarnsThatNothingIsChecked() throws Exception {
        startNomad(pki.nomadServerNamedOnlyByRole());
        log = LogCapture.start();
        startService(listWith(clientCertificateFlags(), "--nomad.tls.skip_verify=true"));

        pushRedeploysWeb();
        assertThat(log.warnings()).anySatisfy(line -> assertThat(line)
                .contains("event=tls_verify_disabled").contains("nomad.tls.skip_verify"));
    }

    private static List<String> listWith(List<String> flags, String flag) {
        List<String> all = new ArrayList<>(flags);
        all.add(flag);
        return all;
    }
}
