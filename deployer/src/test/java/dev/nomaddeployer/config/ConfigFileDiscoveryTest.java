package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileDiscoveryTest {

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
    }

    private static String yamlUrl(String host) {
        return "nomad:\n  url: http://" + host + ":4646\n";
    }

    @Test
    void workingDirectoryIsSearchedBeforeConfigSubdirectoryAndSystemDirectory() throws ConfigException {
        Path inWorkingDir = dir.write("deployer.yml", yamlUrl("working-dir"));
        dir.write("config/deployer.json", "{\"nomad\": {\"url\": \"http://config-dir:4646\"}}");
        dir.write("etc-nomad-deployer/deployer.json", "{\"nomad\": {\"url\": \"http://system-dir:4646\"}}");

        LoadedSettings loaded = dir.load();

        assertThat(loaded.configFile()).contains(inWorkingDir);
        assertThat(loaded.settings().nomad().url()).isEqualTo(URI.create("http://working-dir:4646"));
    }

    @Test
    void configSubdirectoryIsSearchedBeforeSystemDirectory() throws ConfigException {
        Path inConfigDir = dir.write("config/deployer.properties", "nomad.url=http://config-dir:4646\n");
        dir.write("etc-nomad-deployer/deployer.json", "{\"nomad\": {\"url\": \"http://system-dir:4646\"}}");

        assertThat(dir.load().configFile()).contains(inConfigDir);
    }

    @Test
    void systemDirectoryIsUsedWhenNothingCloserExists() throws ConfigException {
        Path inSystemDir = dir.write("etc-nomad-deployer/deployer.hcl", "nomad { url = \"http://system-dir:4646\" }\n");

        LoadedSettings loaded = dir.load();

        assertThat(loaded.configFile()).contains(inSystemDir);
        assertThat(loaded.settings().nomad().url()).isEqualTo(URI.create("http://system-dir:4646"));
    }

    @Test
    void withinOneDirectoryExtensionsAreTriedInTheGoToolsOrder() throws ConfigException {
        dir.write("deployer.properties", "nomad.url=http://properties:4646\n");
        dir.write("deployer.hcl", "nomad { url = \"http://hcl:4646\" }\n");
        dir.write("deployer.yml", yamlUrl("yml"));
        dir.write("deployer.yaml", yamlUrl("yaml"));
        Path toml = dir.write("deployer.toml", "[nomad]\nurl = \"http://toml:4646\"\n");

        assertThat(dir.load().configFile()).contains(toml);

        Path json = dir.write("deployer.json", "{\"nomad\": {\"url\": \"http://json:4646\"}}");
        assertThat(dir.load().configFile()).contains(json);
    }

    @Test
    void noConfigFileAnywhereIsAWarningAndDefaultsApply() throws ConfigException {
        LoadedSettings loaded = dir.load();

        assertThat(loaded.configFile()).isEmpty();
        assertThat(loaded.warnings()).singleElement().asString()
                .contains("no config file found")
                .contains(tmp.resolve("config").toString());
        Settings d = Settings.defaults();
        assertThat(loaded.settings()).isEqualTo(new Settings(d.log(), d.server(), d.nomad(), d.registry(),
                new StoreSettings(tmp.resolve("nomad-deployer.db"), Optional.empty()), d.deploy(),
                d.historyRetention(), d.discovery(), d.ha(), d.jobs(), d.notifications(), d.ui()));
    }

    @Test
    void configFlagSkipsTheSearch() throws ConfigException {
        dir.write("deployer.yaml", yamlUrl("searched"));
        Path chosen = dir.write("elsewhere/mine.toml", "[nomad]\nurl = \"http://chosen:4646\"\n");

        LoadedSettings loaded = dir.load("-c", "elsewhere/mine.toml");

        assertThat(loaded.configFile()).contains(chosen);
        assertThat(loaded.settings().nomad().url()).isEqualTo(URI.create("http://chosen:4646"));
        assertThat(dir.load("--config=" + chosen).configFile()).contains(chosen);
    }
}
