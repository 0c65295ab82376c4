package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @TempDir
    Path tmp;

    @Test
    void helpListsEveryKeyWithItsVariableAndDefault() throws ConfigException {
        LoadedSettings loaded = new ConfigDir(tmp).load("--help");

        assertThat(loaded.helpRequested()).isTrue();
        for (Setting<?> key : SettingsTable.all()) {
            assertThat(loaded.helpText()).contains(key.flag(), key.envVar());
            key.nomadEnvVars().forEach(name -> assertThat(loaded.helpText()).contains(name));
        }
        assertThat(loaded.helpText())
                .contains("-c, --config", "-v, --verbose", "--print-config", "-h, --help")
                .contains("Default: 0.0.0.0:8000.", "Default: 720h.", "Default: http://127.0.0.1:4646.");
    }

    @Test
    void helpIsAnsweredEvenWhenTheConfigFileIsBroken() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);
        dir.write("deployer.yaml", "nomad: [\n");

        assertThat(dir.load("-h").helpRequested()).isTrue();
    }

    @Test
    void bareBooleanFlagMeansTrueAndLeavesTheNextArgumentPositional() throws ConfigException {
        LoadedSettings loaded = new ConfigDir(tmp).load("--nomad.tls.skip_verify", "history");

        assertThat(loaded.settings().nomad().tls().skipVerify()).isTrue();
        assertThat(loaded.remainingArgs()).containsExactly("history");
    }

    @Test
    void booleanFlagTakesAnExplicitValue() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);

        assertThat(dir.settings("--server.log.requests=false").server().logRequests()).isFalse();
        assertThat(dir.settings("--server.log.requests", "false").server().logRequests()).isFalse();
        assertThat(dir.settings("--server.log.requests=0").server().logRequests()).isFalse();
        assertThat(dir.settings(Map.of("DEPLOYER_SERVER_LOG_REQUESTS", "F")).server().logRequests()).isFalse();
    }

    @Test
    void everythingFromTheFirstPositionalArgumentOnIsHandedBackForASubCommand() throws ConfigException {
        LoadedSettings loaded = new ConfigDir(tmp).load("--nomad.url", "http://nomad:4646", "history", "team/app",
                "--limit=5", "--nomad.url=http://ignored:4646");

        assertThat(loaded.remainingArgs())
                .containsExactly("history", "team/app", "--limit=5", "--nomad.url=http://ignored:4646");
        assertThat(loaded.settings().nomad().url()).hasHost("nomad");
    }

    @Test
    void doubleDashEndsTheFlags() throws ConfigException {
        assertThat(new ConfigDir(tmp).load("--", "--not-a-flag").remainingArgs()).containsExactly("--not-a-flag");
    }

    @Test
    void printConfigIsReportedToTheCaller() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);

        assertThat(dir.load("--print-config").printConfigRequested()).isTrue();
        assertThat(dir.load().printConfigRequested()).isFalse();
    }

    @Test
    void atSignArgumentIsAValueNotAFileToExpand() throws ConfigException {
        ConfigDir dir = new ConfigDir(tmp);
        dir.write("args", "--nomad.url=http://from-args-file:4646\n");

        assertThat(dir.load("@args").remainingArgs()).containsExactly("@args");
    }
}
