package dev.nomaddeployer.testbed.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.testbed.ToolRequirement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real registry in token mode trusts the testbed's token server, and only it. */
@Timeout(90)
class TokenAuthHarnessTest {

    @Test
    void aTokenOfTheTokenServerPushesAndWithoutOneTheRegistryChallenges() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        try (TokenServer tokens = TokenServer.start(Map.of("ci", "pull-secret"));
             RegistryHarness registry = RegistryHarness.builder().tokenAuth(tokens).start()) {
            String digest = new ImagePusher(registry.client(tokens, "team/web"))
                    .push("team/web", "1.0.0", ManifestFormat.OCI, "token");

            assertThat(registry.client(tokens, "team/web").resolve("team/web", "1.0.0")).contains(digest);
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(registry.baseUri() + "/v2/team/web/tags/list")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\""
                    + tokens.auth().realm() + "\",service=\"" + TokenServer.SERVICE
                    + "\",scope=\"repository:team/web:pull\"");
        }
    }

    @Test
    void aTokenForAnotherRepositoryOrFromAnotherServerIsRefused() {
        ToolRequirement.assumeInstalled("docker-registry");
        try (TokenServer tokens = TokenServer.start(Map.of("ci", "pull-secret"));
             TokenServer stranger = TokenServer.start(Map.of("ci", "pull-secret"));
             RegistryHarness registry = RegistryHarness.builder().tokenAuth(tokens).start()) {
            new ImagePusher(registry.client(tokens, "team/web")).push("team/web", "1.0.0", ManifestFormat.OCI, "one");

            assertThatThrownBy(() -> registry.client(tokens, "team/other").tags("team/web"))
                    .isInstanceOf(RegistryRequestException.class).hasMessageContaining("401");
            assertThatThrownBy(() -> registry.client(stranger, "team/web").tags("team/web"))
                    .isInstanceOf(RegistryRequestException.class).hasMessageContaining("401");
        }
    }

    @Test
    void skopeoPushesThroughTheTokenServiceWithTheRightCredentialsOnly(@TempDir Path dir) {
        ToolRequirement.assumeInstalled("docker-registry");
        ToolRequirement.assumeInstalled("skopeo");
        try (TokenServer tokens = TokenServer.start(Map.of("ci", "pull-secret"));
             RegistryHarness registry = RegistryHarness.builder().tokenAuth(tokens).start()) {
            TestImage image = TestImage.of(ManifestFormat.OCI, "skopeo");
            OciLayout layout = OciLayout.write(dir.resolve("layout"), "1.0.0", image);
            Skopeo skopeo = new Skopeo();

            skopeo.copy(layout.transportReference(), Skopeo.dockerReference(registry.hostPort(), "team/web", "1.0.0"),
                    "--dest-creds", "ci:pull-secret");

            assertThat(registry.client(tokens, "team/web").resolve("team/web", "1.0.0")).contains(image.digest());
            assertThat(tokens.issued()).isPositive();
            assertThatThrownBy(() -> skopeo.copy(layout.transportReference(),
                    Skopeo.dockerReference(registry.hostPort(), "team/web", "2.0.0"), "--dest-creds", "ci:wrong"))
                    .isInstanceOf(SkopeoException.class);
            assertThat(tokens.refused()).isPositive();
            assertThat(registry.client(tokens, "team/web").resolve("team/web", "2.0.0")).isEqualTo(Optional.empty());
        }
    }
}
