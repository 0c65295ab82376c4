package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.deploy.DeployWindows;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileFormatsTest {

    @TempDir
    Path tmp;

    private Settings load(String extension) throws ConfigException {
        return loadWithSources(extension).settings();
    }

    private LoadedSettings loadWithSources(String extension) throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp.resolve(extension));
        dir.copyResource("/config/formats/deployer." + extension, "deployer." + extension);
        LoadedSettings loaded = dir.load();
        assertThat(loaded.warnings()).as("warnings for ." + extension).isEmpty();
        return loaded;
    }

    @Test
    void yamlFileSetsEveryKeyItNames() throws ConfigException {
        Settings s = load("yaml");

        assertThat(s.log()).isEqualTo(new LogSettings(LogLevel.DEBUG, LogFormat.JSON));
        assertThat(s.server().address()).isEqualTo(new ListenAddress("127.0.0.1", 9000));
        assertThat(s.server().readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.server().writeTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.server().shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.server().logRequests()).isFalse();
        assertThat(s.server().allowedNetworks()).extracting(Cidr::toString)
                .containsExactly("10.0.0.0/8", "192.168.1.7/32");
        assertThat(s.server().maxBodyBytes()).isEqualTo(2_097_152L);
        assertThat(s.nomad().url()).isEqualTo(URI.create("https://nomad.example.com:4646"));
        assertThat(s.nomad().token()).contains("s3cr3t-nomad-token");
        assertThat(s.nomad().namespace()).isEqualTo("prod");
        assertThat(s.nomad().region()).contains("eu");
        assertThat(s.nomad().tls().serverName()).contains("nomad.service.consul");
        assertThat(s.nomad().tls().skipVerify()).isTrue();
        assertThat(s.nomad().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.registry().hosts()).containsExactly("registry:5000", "registry.example.com");
        assertThat(s.registry().auth())
                .isEqualTo(new RegistryAuth(Optional.of("s3cr3t-hook-token"), Optional.of("hook"),
                        Optional.of("s3cr3t-pass")));
        assertThat(s.store().path()).isEqualTo(tmp.resolve("yaml/data/deployer.db"));
        assertThat(s.store().jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/nomad-deployer/deployer.db");
        assertThat(s.historyRetention()).isEqualTo(Duration.ofHours(168));
        assertThat(s.deploy()).isEqualTo(new DeploySettings(8, 3, Duration.ofMillis(500), Duration.ofMinutes(2),
                FailureAction.NOMAD, true, Duration.ofMinutes(1), DeployWindows.ALWAYS, Preflight.OFF, false));
        assertThat(s.discovery().refresh()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.jobs()).isEqualTo(Map.of("team/app", List.of("job-a", "job-b"), "team/worker", List.of("worker")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "toml", "hcl", "properties"})
    void everyFormatGivesTheSameSettingsAsYaml(String extension) throws ConfigException {
        Settings yaml = load("yaml");
        Settings other = load(extension);

        // store.path is resolved against each format's own directory; compare it relative to that
        assertThat(tmp.resolve(extension).relativize(other.store().path()))
                .isEqualTo(tmp.resolve("yaml").relativize(yaml.store().path()));
        Settings sameStore = new Settings(other.log(), other.server(), other.nomad(), other.registry(),
                yaml.store(), other.deploy(), other.historyRetention(), other.discovery(), other.ha(), other.jobs(),
                other.notifications(), other.ui());
        assertThat(sameStore).isEqualTo(yaml);
        assertThat(sameStore).hasToString(yaml.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "toml", "yaml", "hcl", "properties"})
    void everyFormatRecordsTheLineOfEachKey(String extension) throws ConfigException {
        Source source = loadWithSources(extension).provenance().sourceOf("nomad.region");
        Path file = tmp.resolve(extension).resolve("deployer." + extension);
        int expectedLine = lineContaining(file, "eu");
        assertThat(source).isEqualTo(new Source.FileLocation(file, expectedLine));
    }

    private static int lineContaining(Path file, String text) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("region") && lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
            throw new AssertionError("no region line in " + file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void keysAreCaseInsensitiveAndFlatDottedKeysEqualNestedOnes() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);
        dir.write("deployer.yaml", """
                Nomad.URL: http://nomad:4646
                deploy:
                  Retry.Initial: 2s
                """);

        Settings settings = dir.settings();

        assertThat(settings.nomad().url()).isEqualTo(URI.create("http://nomad:4646"));
        assertThat(settings.deploy().retryInitial()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void hclBlockWrittenTwiceContributesBothHalves() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);
        dir.write("deployer.hcl", """
                log { level = "warn" }
                log { format = "json" }
                """);

        assertThat(dir.settings().log()).isEqualTo(new LogSettings(LogLevel.WARN, LogFormat.JSON));
    }

    @Test
    void listsMayBeWrittenAsCommaSeparatedTextInAnyFormat() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);
        dir.write("deployer.yaml", "registry:\n  hosts: \"registry:5000, registry.example.com\"\n");

        assertThat(dir.settings().registry().hosts()).containsExactly("registry:5000", "registry.example.com");
    }

    @Test
    void emptyValueInYamlLeavesTheDefault() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);
        dir.write("deployer.yaml", "nomad:\n  url:\n  token:\n");

        Settings settings = dir.settings();

        assertThat(settings.nomad().url()).isEqualTo(URI.create("http://127.0.0.1:4646"));
        assertThat(settings.nomad().token()).isEmpty();
    }
}
