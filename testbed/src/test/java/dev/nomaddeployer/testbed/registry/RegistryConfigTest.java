package dev.nomaddeployer.testbed.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.testbed.go.GoDuration;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void endpointIsRenderedWithGoDurationsAndHeaderLists() {
        NotificationEndpoint endpoint = new NotificationEndpoint("deployer", URI.create("http://127.0.0.1:8000/registry/callback"),
                Map.of("Authorization", List.of("Bearer test-secret")), Duration.ofSeconds(2), 3, Duration.ofMillis(200), List.of());

        String yaml = new RegistryConfig(Path.of("/tmp/store"), "127.0.0.1:5055", Optional.of(endpoint)).toYaml();

        assertThat(yaml).contains(
                "    - name: \"deployer\"\n"
                + "      url: \"http://127.0.0.1:8000/registry/callback\"\n"
                + "      headers:\n"
                + "        \"Authorization\": [\"Bearer test-secret\"]\n"
                + "      timeout: 2000ms\n"
                + "      threshold: 3\n"
                + "      backoff: 200ms\n");
        assertThat(yaml).contains("rootdirectory: \"/tmp/store\"").contains("addr: \"127.0.0.1:5055\"");
    }

    @Test
    void oneEndpointPerReceiverIsOneListUnderOneNotificationsSection() {
        NotificationEndpoint first = new NotificationEndpoint("replica-1", URI.create("http://127.0.0.1:8001/registry/callback"),
                Map.of(), Duration.ofSeconds(2), 3, Duration.ofMillis(200), List.of());
        NotificationEndpoint second = new NotificationEndpoint("replica-2", URI.create("http://127.0.0.1:8002/registry/callback"),
                Map.of(), Duration.ofSeconds(2), 3, Duration.ofMillis(200), List.of());

        String yaml = new RegistryConfig(Path.of("/tmp/store"), "127.0.0.1:5055", List.of(first, second)).toYaml();

        assertThat(yaml.split("notifications:", -1)).hasSize(2);
        assertThat(yaml).contains("    - name: \"replica-1\"\n      url: \"http://127.0.0.1:8001/registry/callback\"\n")
                .contains("    - name: \"replica-2\"\n      url: \"http://127.0.0.1:8002/registry/callback\"\n");
    }

    @Test
    void configWithoutEndpointHasNoNotificationsSection() {
        String yaml = new RegistryConfig(Path.of("/tmp/store"), "127.0.0.1:5055", Optional.empty()).toYaml();

        assertThat(yaml).doesNotContain("notifications");
    }

    @Test
    void headerValuesWithQuotesAndBackslashesAreEscaped() {
        NotificationEndpoint endpoint = new NotificationEndpoint("x", URI.create("http://127.0.0.1:1/"),
                Map.of("X-Odd", List.of("a \"quoted\" \\ value", "second")), Duration.ofSeconds(1), 1, Duration.ofSeconds(1), List.of());

        String yaml = new RegistryConfig(Path.of("/s"), "127.0.0.1:1", Optional.of(endpoint)).toYaml();

        assertThat(yaml).contains("\"X-Odd\": [\"a \\\"quoted\\\" \\\\ value\", \"second\"]");
    }

    @Test
    void ignoredActionsComeWithAMediaTypeSoTheRegistryAppliesThem() {
        NotificationEndpoint endpoint = new NotificationEndpoint("x", URI.create("http://127.0.0.1:1/"),
                Map.of(), Duration.ofSeconds(1), 1, Duration.ofSeconds(1), List.of("pull"));

        String yaml = new RegistryConfig(Path.of("/s"), "127.0.0.1:1", Optional.of(endpoint)).toYaml();

        assertThat(yaml).contains("      ignore:\n"
                + "        mediatypes: [\"" + RegistryConfig.NEVER_SENT_MEDIA_TYPE + "\"]\n"
                + "        actions: [\"pull\"]\n").doesNotContain("headers:");
    }

    @Test
    void thresholdBelowOneIsRejected() {
        assertThatThrownBy(() -> new NotificationEndpoint("x", URI.create("http://127.0.0.1:1/"), Map.of(),
                Duration.ofSeconds(1), 0, Duration.ofSeconds(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
    }

    @Test
    void durationsUseGoSyntax() {
        assertThat(GoDuration.format(Duration.ofSeconds(2))).isEqualTo("2000ms");
        assertThat(GoDuration.format(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoDuration.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
        assertThatThrownBy(() -> GoDuration.format(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
