package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.registryapi.RegistryEndpoint;
import dev.nomaddeployer.registryapi.RequestRate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code registries}: the registries read to confirm a tag's digest, in every file format, and what a bad entry says. */
class RegistriesConfigTest {
    private static final String PASSWORD = "pull-password-of-ci";

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
    }

    @Test
    void nothingConfiguredMeansNoRegistriesAndTenSecondCalls() throws ConfigException {
        assertThat(dir.settings().registry().endpoints()).isEmpty();
        assertThat(dir.settings().registry().timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yaml", "json", "toml", "hcl", "properties"})
    void registriesAreReadAlikeFromEveryFormat(String format) throws ConfigException {
        dir.write("secrets/pull", PASSWORD + "\n");
        dir.write("deployer." + format, switch (format) {
            case "yaml" -> """
                    registries:
                      - url: https://registry.example
                        username: ci
                        password_file: secrets/pull
                      - url: http://127.0.0.1:5000
                    """;
            case "json" -> """
                    {"registries": [
                       {"url": "https://registry.example", "username": "ci", "password_file": "secrets/pull"},
                       {"url": "http://127.0.0.1:5000"}]}
                    """;
            case "toml" -> """
                    [[registries]]
                    url = "https://registry.example"
                    username = "ci"
                    password_file = "secrets/pull"

                    [[registries]]
                    url = "http://127.0.0.1:5000"
                    """;
            case "hcl" -> """
                    registries = [
                      { url = "https://registry.example", username = "ci", password_file = "secrets/pull" },
                      { url = "http://127.0.0.1:5000" }
                    ]
                    """;
            default -> """
                    registries=[{"url":"https://registry.example","username":"ci","password_file":"secrets/pull"},\\
                      {"url":"http://127.0.0.1:5000"}]
                    """;
        });

        LoadedSettings loaded = dir.load();

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.settings().registry().endpoints()).containsExactly(
                new RegistryEndpoint(URI.create("https://registry.example"), Optional.of("ci"), Optional.of(PASSWORD)),
                new RegistryEndpoint(URI.create("http://127.0.0.1:5000"), Optional.empty(), Optional.empty()));
        assertThat(loaded.describe()).filteredOn(e -> e.key().equals("registries")).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("https://registry.example(ci);http://127.0.0.1:5000"));
    }

    @Test
    void aBadEntryNamesTheKeyTheFileAndTheEntryWithoutShowingThePassword() {
        Path file = dir.write("deployer.yaml", """
                registries:
                  - url: https://registry.example
                    username: ci
                    password: %s
                  - url: registry.example:5000
                """.formatted(PASSWORD));

        assertThatThrownBy(dir::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("registries: invalid value \"entry 2\" from file " + file + " line 1: "
                        + "url: missing the http:// or https:// scheme")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void eachKindOfMistakeInAnEntryIsExplained() {
        assertThat(problem("[{\"username\":\"ci\"}]")).contains("entry 1", "has no url");
        assertThat(problem("[{\"url\":\"https://registry.example\",\"username\":\"ci\"}]"))
                .contains("entry 1 (https://registry.example)", "has a username but neither password nor password_file");
        assertThat(problem("[{\"url\":\"https://registry.example\",\"password\":\"" + PASSWORD + "\"}]"))
                .contains("has a password but no username").doesNotContain(PASSWORD);
        assertThat(problem("[{\"url\":\"https://registry.example\",\"username\":\"ci\",\"password\":\"x\","
                + "\"password_file\":\"f\"}]")).contains("set only one of password and password_file");
        assertThat(problem("[{\"url\":\"https://registry.example/v2/\"}]")).contains("give only http(s)://host[:port]");
        assertThat(problem("[{\"url\":\"https://ci:" + PASSWORD + "@registry.example\"}]"))
                .contains("not in the URL");
        assertThat(problem("[{\"url\":\"https://registry.example\"},{\"url\":\"https://REGISTRY.example:443\"}]"))
                .contains("entry 2", "listed twice");
        assertThat(problem("[{\"url\":\"https://registry.example\",\"usename\":\"ci\"}]"))
                .contains("unknown field \"usename\" (did you mean username?)");
        assertThat(problem("{\"url\":\"https://registry.example\"}")).contains("not a JSON list");
    }

    @Test
    void eachEntryHasItsOwnRateLimitTenASecondUnlessItSaysOtherwise() throws ConfigException {
        dir.write("deployer.yaml", """
                registries:
                  - url: https://registry.example
                    rate_limit: 600/m
                  - url: http://127.0.0.1:5000
                """);

        LoadedSettings loaded = dir.load();

        assertThat(loaded.settings().registry().endpoints()).extracting(RegistryEndpoint::rate)
                .containsExactly(new RequestRate(600, Duration.ofMinutes(1)), new RequestRate(10, Duration.ofSeconds(1)));
        assertThat(loaded.describe()).filteredOn(e -> e.key().equals("registries")).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("https://registry.example[600/m];http://127.0.0.1:5000"));
    }

    @Test
    void aRateLimitThatIsNoRateNamesTheEntryAndTheForm() {
        assertThat(problem("[{\"url\":\"https://registry.example\",\"rate_limit\":\"10/day\"}]"))
                .contains("entry 1 (https://registry.example)", "rate_limit", "\"10/day\" is not a rate",
                        "<n>/s, <n>/m or <n>/h");
        assertThat(problem("[{\"url\":\"https://registry.example\",\"rate_limit\":0}]"))
                .contains("entry 1 (https://registry.example)", "rate_limit");
    }

    @Test
    void passwordsAreMaskedWhereverSettingsArePrintedAndKnownToTheRedactor() throws ConfigException {
        LoadedSettings loaded = dir.load(Map.of("DEPLOYER_REGISTRIES",
                "[{\"url\":\"https://registry.example\",\"username\":\"ci\",\"password\":\"" + PASSWORD + "\"}]"));

        String printed = loaded.describe().toString() + loaded.settings() + loaded.settings().registry();
        assertThat(printed).doesNotContain(PASSWORD).contains("https://registry.example(ci)");
        assertThat(loaded.settings().registry().secrets()).containsExactly(PASSWORD);
    }

    private String problem(String registries) {
        try {
            dir.load(Map.of("DEPLOYER_REGISTRIES", registries));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("registries: invalid value").contains("env var DEPLOYER_REGISTRIES");
            return e.getMessage();
        }
        throw new AssertionError("accepted " + registries);
    }
}
