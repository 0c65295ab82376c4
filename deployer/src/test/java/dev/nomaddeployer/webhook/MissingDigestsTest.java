package dev.nomaddeployer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryEndpoint;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A sender that leaves the digest out (Docker Hub, Quay, Gitea): the registry is asked, with the real registry. */
@Timeout(60)
class MissingDigestsTest {
    private static final String DIGEST = "sha256:" + "c".repeat(64);

    private static PushEvent push(String host, String tag, String digest) {
        return new PushEvent("quay-1", Instant.parse("2026-12-01T20:00:00Z"), host, "team/web", tag, digest, null,
                null, "quay");
    }

    private static MissingDigests listing(URI registry) {
        return new MissingDigests(new Registries(List.of(new RegistryEndpoint(registry, Optional.empty(),
                Optional.empty())), new RegistryHosts(List.of()), Duration.ofSeconds(5), Clock.systemUTC()));
    }

    @Test
    void aPushWithoutADigestGetsTheOneItsListedRegistryNamesAndOthersAreLeftAsSent() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            String pushed = new ImagePusher(registry.client()).push("team/web", "1.7.0", ManifestFormat.OCI, "one");

            List<PushEvent> resolved = listing(registry.baseUri()).resolve(List.of(
                    push(registry.hostPort(), "1.7.0", null),
                    push(registry.hostPort(), "1.7.0", DIGEST),
                    push(registry.hostPort(), "9.9.9", null),
                    push("other.example:5000", "1.7.0", null)));

            assertThat(resolved).extracting(PushEvent::digest)
                    .as("resolved; given (never replaced); a tag the registry does not know; a registry not listed")
                    .containsExactly(pushed, DIGEST, null, null);
            assertThat(resolved.get(0)).isEqualTo(push(registry.hostPort(), "1.7.0", pushed));
        }
    }

    @Test
    void aListedRegistryThatDoesNotAnswerLeavesThePushWithoutADigestRatherThanLosingIt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + closed;

        List<PushEvent> resolved = listing(URI.create("http://" + host)).resolve(List.of(push(host, "1.7.0", null)));

        assertThat(resolved).containsExactly(push(host, "1.7.0", null));
    }
}
