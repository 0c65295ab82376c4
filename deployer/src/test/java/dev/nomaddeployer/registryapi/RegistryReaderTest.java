package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.ManifestFormat;
import dev.nomaddeployer.testbed.registry.OciLayout;
import dev.nomaddeployer.testbed.registry.Platform;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import dev.nomaddeployer.testbed.registry.Skopeo;
import dev.nomaddeployer.testbed.registry.TestImageIndex;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The read client against a real distribution registry, open and behind htpasswd. */
@Timeout(60)
class RegistryReaderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aTagReadsAsTheDigestThePushGaveItForEachManifestKind() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            ImagePusher pusher = new ImagePusher(registry.client());
            RegistryReader reader = reader(registry.baseUri(), Optional.empty(), Optional.empty());

            for (ManifestFormat format : ManifestFormat.values()) {
                String digest = pusher.push("team/web", "latest", format, "image " + format);
                assertThat(reader.lookup("team/web", "latest")).as("%s", format)
                        .isEqualTo(new TagLookup.Points(digest));
            }
        }
    }

    @Test
    void aMultiArchTagReadsAsTheDigestOfItsIndex(@TempDir Path dir) throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        ToolRequirement.assumeInstalled("skopeo");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            TestImageIndex index = TestImageIndex.of("multi", Platform.LINUX_AMD64, Platform.LINUX_ARM64);
            new Skopeo().copyAll(OciLayout.write(dir.resolve("layout"), "latest", index), registry.hostPort(),
                    "team/multi", "latest");

            assertThat(reader(registry.baseUri(), Optional.empty(), Optional.empty()).lookup("team/multi", "latest"))
                    .isEqualTo(new TagLookup.Points(index.digest()));
        }
    }

    @Test
    void aTagPushedAgainReadsAsItsNewDigest() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            ImagePusher pusher = new ImagePusher(registry.client());
            RegistryReader reader = reader(registry.baseUri(), Optional.empty(), Optional.empty());
            String first = pusher.push("team/web", "latest", ManifestFormat.OCI, "first");
            assertThat(reader.lookup("team/web", "latest")).isEqualTo(new TagLookup.Points(first));

            String second = pusher.push("team/web", "latest", ManifestFormat.OCI, "second");

            assertThat(second).isNotEqualTo(first);
            assertThat(reader.lookup("team/web", "latest")).isEqualTo(new TagLookup.Points(second));
        }
    }

    @Test
    void aTagOrRepositoryTheRegistryDoesNotHaveIsUnknown() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (RegistryHarness registry = RegistryHarness.builder().start()) {
            new ImagePusher(registry.client()).push("team/web", "1.0.0", ManifestFormat.OCI, "one");
            RegistryReader reader = reader(registry.baseUri(), Optional.empty(), Optional.empty());

            assertThat(reader.lookup("team/web", "latest")).isEqualTo(new TagLookup.UnknownTag());
            assertThat(reader.lookup("team/nothing", "latest")).isEqualTo(new TagLookup.UnknownTag());
        }
    }

    @Test
    void behindHtpasswdOnlyTheRightCredentialsRead() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String hash = OpenBSDBCrypt.generate("2y", "s3cret-pull".toCharArray(), salt, 4);
        try (RegistryHarness registry = RegistryHarness.builder().htpasswd("ci", hash).start()) {
            String digest = new ImagePusher(registry.client("ci", "s3cret-pull"))
                    .push("team/web", "latest", ManifestFormat.DOCKER_SCHEMA2, "private");

            assertThat(reader(registry.baseUri(), Optional.of("ci"), Optional.of("s3cret-pull"))
                    .lookup("team/web", "latest")).isEqualTo(new TagLookup.Points(digest));
            assertThat(reader(registry.baseUri(), Optional.empty(), Optional.empty()).lookup("team/web", "latest"))
                    .isInstanceOfSatisfying(RegistryFailure.Unauthorized.class,
                            refused -> assertThat(refused.credentialsSent()).isFalse());
            assertThat(reader(registry.baseUri(), Optional.of("ci"), Optional.of("wrong")).lookup("team/web", "latest"))
                    .isInstanceOfSatisfying(RegistryFailure.Unauthorized.class,
                            refused -> assertThat(refused.credentialsSent()).isTrue());
        }
    }

    @Test
    void aRegistryThatIsNotListeningIsUnreachableAndWorthAskingAgain() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        TagLookup lookup = reader(URI.create("http://127.0.0.1:" + port), Optional.empty(), Optional.empty())
                .lookup("team/web", "latest");

        assertThat(lookup).isInstanceOf(RegistryFailure.Unreachable.class);
        assertThat(lookup.retryable()).isTrue();
    }

    @Test
    void theEndpointNeverShowsItsPassword() {
        RegistryEndpoint endpoint = new RegistryEndpoint(URI.create("https://registry.example"), Optional.of("ci"),
                Optional.of("s3cret-pull"));

        assertThat(endpoint.toString()).contains("ci").doesNotContain("s3cret-pull");
    }

    private static RegistryReader reader(URI url, Optional<String> user, Optional<String> password) {
        return new RegistryReader(new RegistryEndpoint(url, user, password), TIMEOUT, Clock.systemUTC());
    }
}
