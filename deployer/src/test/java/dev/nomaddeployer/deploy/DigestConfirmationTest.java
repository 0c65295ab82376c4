package dev.nomaddeployer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the register of a digest waits for, and what each answer of a real registry makes of the push. */
@Timeout(60)
class DigestConfirmationTest {

    @Test
    void aTagThatStillPointsAtThePushedDigestIsConfirmed() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            String digest = new ImagePusher(registry.client()).push("team/web", "latest", ManifestFormat.OCI, "one");

            assertThat(confirmation(registry, Optional.empty()).refusal(push(registry.hostPort(), digest))).isEmpty();
        }
    }

    @Test
    void aTagThatMovedOnSkipsThePushNamingBothDigests() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            ImagePusher pusher = new ImagePusher(registry.client());
            String old = pusher.push("team/web", "latest", ManifestFormat.OCI, "old");
            String now = pusher.push("team/web", "latest", ManifestFormat.OCI, "new");

            assertThat(confirmation(registry, Optional.empty()).refusal(push(registry.hostPort(), old))).contains(
                    new DigestConfirmation.Refusal(Outcome.SKIPPED, "tag latest now points at " + now
                            + ", not the pushed " + old + "; the push of that digest deploys it", false));
        }
    }

    @Test
    void aRegistryThatWantsCredentialsNoneAreConfiguredForFailsNamingTheRegistryAndTheKey() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try (RegistryHarness registry = RegistryHarness.builder()
                .htpasswd("ci", OpenBSDBCrypt.generate("2y", "pull".toCharArray(), salt, 4)).start()) {
            String digest = new ImagePusher(registry.client("ci", "pull"))
                    .push("team/web", "latest", ManifestFormat.OCI, "one");

            Optional<DigestConfirmation.Refusal> refusal = confirmation(registry, Optional.empty())
                    .refusal(push(registry.hostPort(), digest));

            assertThat(refusal).hasValueSatisfying(r -> {
                assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(r.retry()).isFalse();
                assertThat(r.message()).contains("registry " + registry.hostPort(), "registries", "username and password");
            });
            assertThat(confirmation(registry, Optional.of("pull")).refusal(push(registry.hostPort(), digest))).isEmpty();
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerIsAskedAgainLaterAndNothingIsWrittenMeanwhile() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        DigestConfirmation confirmation = new DigestConfirmation(new Registries(List.of(new RegistryEndpoint(
                URI.create("http://" + host), Optional.empty(), Optional.empty())), new RegistryHosts(List.of()),
                Duration.ofSeconds(2), Clock.systemUTC()));

        assertThat(confirmation.refusal(push(host, "sha256:" + "a".repeat(64))))
                .hasValueSatisfying(r -> assertThat(r.retry()).isTrue());
    }

    @Test
    void aRegistryNoEntryNamesFailsSayingWhichEntryToAdd() {
        DigestConfirmation confirmation = new DigestConfirmation(new Registries(List.of(), new RegistryHosts(List.of()),
                Duration.ofSeconds(2), Clock.systemUTC()));

        assertThat(confirmation.refusal(push("registry.example:5000", "sha256:" + "a".repeat(64))))
                .hasValueSatisfying(r -> {
                    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
                    assertThat(r.message()).contains("no entry of registries", "{url: https://registry.example:5000}");
                });
    }

    @Test
    void anAliasOfTheRegistryFindsItsEntry() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            String digest = new ImagePusher(registry.client()).push("team/web", "latest", ManifestFormat.OCI, "one");
            String alias = "localhost:" + registry.baseUri().getPort();
            DigestConfirmation confirmation = new DigestConfirmation(new Registries(List.of(new RegistryEndpoint(
                    registry.baseUri(), Optional.empty(), Optional.empty())),
                    new RegistryHosts(List.of(registry.hostPort(), alias)), Duration.ofSeconds(5), Clock.systemUTC()));

            assertThat(confirmation.refusal(push(alias, digest))).isEmpty();
        }
    }

    @Test
    void aRegistryThatAsksToSlowDownIsAskedAgainNoSoonerThanItsRetryAfter() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "30");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.start();
        try {
            String host = "127.0.0.1:" + server.getAddress().getPort();
            DigestConfirmation confirmation = new DigestConfirmation(new Registries(List.of(new RegistryEndpoint(
                    URI.create("http://" + host), Optional.empty(), Optional.empty())), new RegistryHosts(List.of()),
                    Duration.ofSeconds(5), Clock.systemUTC()));

            assertThat(confirmation.refusal(push(host, "sha256:" + "a".repeat(64)))).hasValueSatisfying(r -> {
                assertThat(r.retry()).isTrue();
                assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                assertThat(r.message()).contains("429, retry after 30s");
            });
        } finally {
            server.stop(0);
        }
    }

    private static DigestConfirmation confirmation(RegistryHarness registry, Optional<String> password) {
        RegistryEndpoint endpoint = new RegistryEndpoint(registry.baseUri(), password.map(p -> "ci"), password);
        return new DigestConfirmation(new Registries(List.of(endpoint), new RegistryHosts(List.of()),
                Duration.ofSeconds(5), Clock.systemUTC()));
    }

    private static PushEvent push(String host, String digest) {
        return new PushEvent("evt-1", Instant.now(), host, "team/web", "latest", digest,
                "application/vnd.oci.image.manifest.v1+json", null);
    }
}
