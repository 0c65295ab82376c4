package dev.nomaddeployer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryHostsTest {

    private final RegistryHosts noAliases = new RegistryHosts(List.of());
    private final RegistryHosts aliases = new RegistryHosts(
            List.of("registry.example:5000", "127.0.0.1:5055", "Registry.Internal"));

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(textBlock = """
            registry.example:5000,     registry.example:5000,   true
            REGISTRY.example:5000,     registry.example:5000,   true
            registry.example:443,      registry.example,        true
            registry.example,          registry.example:443,    true
            registry.example:80,       registry.example,        true
            [::1]:443,                 [::1],                   true
            docker.io,                 index.docker.io,         true
            registry-1.docker.io,      docker.io,               true
            registry.example:5000,     registry.example:5001,   false
            registry.example:5000,     registry.example,        false
            127.0.0.1:5055,            registry.example:5000,   false
            localhost:5000,            127.0.0.1:5000,          false
            """)
    void comparesHostsCaseInsensitivelyIgnoringDefaultPorts(String eventHost, String imageHost, boolean same) {
        assertThat(noAliases.matches(eventHost, imageHost)).isEqualTo(same);
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(textBlock = """
            127.0.0.1:5055,            registry.example:5000,   true
            registry.example:5000,     127.0.0.1:5055,          true
            127.0.0.1:5055,            registry.internal,       true
            registry.internal:443,     REGISTRY.EXAMPLE:5000,   true
            127.0.0.1:5055,            other.example:5000,      false
            other.example:5000,        registry.example:5000,   false
            """)
    void treatsEveryConfiguredAliasAsTheSameRegistry(String eventHost, String imageHost, boolean same) {
        assertThat(aliases.matches(eventHost, imageHost)).isEqualTo(same);
    }

    @Test
    void neverMatchesAMissingHost() {
        assertThat(aliases.matches(null, "registry.example:5000")).isFalse();
        assertThat(aliases.matches("registry.example:5000", null)).isFalse();
    }

    @Test
    void rejectsAnAliasThatIsNotAHostNamingIt() {
        assertThatThrownBy(() -> new RegistryHosts(List.of("registry.example:5000", "https://registry.example/v2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"https://registry.example/v2\"")
                .hasMessageContaining("host[:port]");
    }
}
