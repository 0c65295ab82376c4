package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

    private static final String NOMAD_TOKEN = "nomad-s3cr3t-7d1f";
    private static final String HOOK_TOKEN = "hook-s3cr3t-88aa";
    private static final String PASSWORD = "pass-s3cr3t-0c0c";

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
    }

    private LoadedSettings withAllSecrets() throws ConfigException {
        return dir.load(Map.of("NOMAD_TOKEN", NOMAD_TOKEN, "DEPLOYER_REGISTRY_AUTH_TOKEN", HOOK_TOKEN),
                "--registry.auth.username=hook", "--registry.auth.password=" + PASSWORD);
    }

    @Test
    void settingsToStringMasksEverySecret() throws ConfigException {
        Settings settings = withAllSecrets().settings();

        assertThat(settings.toString())
                .doesNotContain(NOMAD_TOKEN, HOOK_TOKEN, PASSWORD)
                .contains("nomad.token=********", "registry.auth.token=********", "registry.auth.password=********");
        assertThat(settings.nomad().toString()).doesNotContain(NOMAD_TOKEN).contains("token=********");
        assertThat(settings.registry().toString()).doesNotContain(HOOK_TOKEN, PASSWORD);
    }

    @Test
    void describeMasksSecretsAndStillSaysWhereTheyCameFrom() throws ConfigException {
        LoadedSettings settings = withAllSecrets();

        assertThat(settings.describe()).filteredOn(entry -> entry.key().equals("nomad.token"))
                .containsExactly(new ConfigEntry("nomad.token", "********", "env var NOMAD_TOKEN"));
        assertThat(settings.describe().toString()).doesNotContain(NOMAD_TOKEN, HOOK_TOKEN, PASSWORD);
    }

    @Test
    void unsetSecretIsShownEmptyNotMasked() throws ConfigException {
        assertThat(dir.load().describe()).filteredOn(entry -> entry.key().equals("nomad.token"))
                .containsExactly(new ConfigEntry("nomad.token", "", "default"));
    }

    @Test
    void errorsElsewhereNeverRepeatASecret() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> dir.load(
                Map.of("NOMAD_TOKEN", NOMAD_TOKEN, "DEPLOYER_NOMAD_TOKEN_FILE", "missing-token-file"),
                "--registry.auth.password=" + PASSWORD, "--nomad.url=bad"));

        assertThat(e.getMessage()).doesNotContain(NOMAD_TOKEN, PASSWORD)
                .contains("registry.auth.username and registry.auth.password must be set together")
                .contains("nomad.token_file: invalid value \"missing-token-file\" from env var DEPLOYER_NOMAD_TOKEN_FILE");
    }

    @Test
    void unknownFlagCarryingASecretDoesNotRepeatTheValue() {
        assertThatThrownBy(() -> dir.load("--nomad.tokn=" + NOMAD_TOKEN))
                .hasMessageContaining("unknown flag --nomad.tokn (did you mean --nomad.token?)")
                .hasMessageNotContaining(NOMAD_TOKEN);
    }

    @Test
    void brokenConfigLineHoldingASecretIsNotQuotedInTheParseError() {
        dir.write("deployer.json", "{\"nomad\": {\"token\": " + NOMAD_TOKEN + "}}");

        assertThatThrownBy(dir::load)
                .hasMessageStartingWith("cannot parse config file")
                .hasMessageNotContaining(NOMAD_TOKEN)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void tokenFileContentTrimmedIsTheToken() throws ConfigException {
        Path file = dir.write("secrets/nomad-token", "  " + NOMAD_TOKEN + "\n\n");

        LoadedSettings loaded = dir.load(Map.of("DEPLOYER_NOMAD_TOKEN_FILE", "secrets/nomad-token"));

        assertThat(loaded.settings().nomad().token()).contains(NOMAD_TOKEN);
        assertThat(loaded.describe()).filteredOn(entry -> entry.key().startsWith("nomad.token"))
                .containsExactly(
                        new ConfigEntry("nomad.token", "********",
                                "contents of " + file + " (env var DEPLOYER_NOMAD_TOKEN_FILE)"),
                        new ConfigEntry("nomad.token_file", file.toString(), "env var DEPLOYER_NOMAD_TOKEN_FILE"));
    }

    @Test
    void registryPasswordAndTokenFilesWorkFromAConfigFile() throws ConfigException {
        dir.write("secrets/password", PASSWORD);
        dir.write("secrets/hook", HOOK_TOKEN);
        dir.write("deployer.properties", """
                registry.auth.username=hook
                registry.auth.password_file=secrets/password
                registry.auth.token_file=secrets/hook
                """);

        assertThat(dir.settings().registry().auth())
                .isEqualTo(new RegistryAuth(Optional.of(HOOK_TOKEN), Optional.of("hook"), Optional.of(PASSWORD)));
    }

    @Test
    void unreadableTokenFileStopsStartupNamingKeyFileAndSource() {
        Path file = dir.write("deployer.yaml", "nomad:\n  token_file: /nonexistent/token\n");

        assertThatThrownBy(dir::load).hasMessage("nomad.token_file: invalid value \"/nonexistent/token\" from file "
                + file + " line 2: file /nonexistent/token does not exist; expected a readable file");
    }

    @Test
    void emptyTokenFileStopsStartup() {
        Path token = dir.write("token", "\n  \n");

        assertThatThrownBy(() -> dir.load("--nomad.token_file", token.toString()))
                .hasMessage("nomad.token_file: file " + token + " (flag --nomad.token_file) is empty");
    }

    @Test
    void tokenAndTokenFileFromTheSameKindOfSourceAreAmbiguous() {
        dir.write("token", NOMAD_TOKEN);
        Path file = dir.write("deployer.yaml", "nomad:\n  token: abc\n  token_file: token\n");

        assertThatThrownBy(dir::load).hasMessage("set only one of nomad.token (file " + file + " line 2) and "
                + "nomad.token_file (file " + file + " line 3)");
    }

    @Test
    void strongerSourceDecidesBetweenTokenAndTokenFile() throws ConfigException {
        dir.write("token", "from-file");
        dir.write("deployer.yaml", "nomad:\n  token_file: token\n");

        assertThat(dir.settings(Map.of("NOMAD_TOKEN", NOMAD_TOKEN)).nomad().token()).contains(NOMAD_TOKEN);
        assertThat(dir.settings(Map.of("NOMAD_TOKEN", NOMAD_TOKEN), "--nomad.token_file=token").nomad().token())
                .contains("from-file");
    }

    private static String emptySecret(String key, String source) {
        return key + ": " + source + " gives an empty value; a secret must not be empty or blank "
                + "(leave the key out to set none)";
    }

    @Test
    void emptySecretFlagStopsStartupInsteadOfOpeningTheCallback() {
        assertThatThrownBy(() -> dir.load("--registry.auth.token="))
                .hasMessage(emptySecret("registry.auth.token", "flag --registry.auth.token"));
        assertThatThrownBy(() -> dir.load("--registry.auth.token", "  "))
                .hasMessage(emptySecret("registry.auth.token", "flag --registry.auth.token"));
    }

    @Test
    void emptySecretVariableStopsStartup() {
        assertThatThrownBy(() -> dir.load(Map.of("DEPLOYER_REGISTRY_AUTH_TOKEN", "")))
                .hasMessage(emptySecret("registry.auth.token", "env var DEPLOYER_REGISTRY_AUTH_TOKEN"));
        assertThatThrownBy(() -> dir.load(Map.of("NOMAD_TOKEN", " ")))
                .hasMessage(emptySecret("nomad.token", "env var NOMAD_TOKEN"));
    }

    @Test
    void emptySecretFromAWeakerSourceIsRefusedEvenWhenAStrongerOneSetsIt() {
        assertThatThrownBy(() -> dir.load(Map.of("NOMAD_TOKEN", ""), "--nomad.token=" + NOMAD_TOKEN))
                .hasMessage(emptySecret("nomad.token", "env var NOMAD_TOKEN"));
    }

    @Test
    void emptySecretFileNameIsRefusedLikeTheSecret() {
        assertThatThrownBy(() -> dir.load(Map.of("DEPLOYER_NOMAD_TOKEN_FILE", "")))
                .hasMessage(emptySecret("nomad.token_file", "env var DEPLOYER_NOMAD_TOKEN_FILE"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "deployer.yaml       | 'registry:\\n  auth:\\n    token: \"\"\\n'",
            "deployer.json       | '{\"registry\": {\\n  \"auth\": {\\n    \"token\": \"  \"}}}'",
            "deployer.toml       | '[registry]\\n[registry.auth]\\ntoken = \"\"\\n'",
            "deployer.hcl        | 'registry {\\n  auth {\\n    token = \"\"\\n  }\\n}\\n'",
            "deployer.properties | '# the hook\\n\\nregistry.auth.token=\\n'",
    })
    void emptySecretInAConfigFileStopsStartupNamingTheLine(String name, String content) {
        Path file = dir.write(name, content.replace("\\n", "\n"));

        assertThatThrownBy(dir::load).hasMessage(emptySecret("registry.auth.token", "file " + file + " line 3"));
    }

    @Test
    void secretWithoutAValueInYamlIsLeftOutNotEmpty() throws ConfigException {
        dir.write("deployer.yaml", "registry:\n  auth:\n    token:\n");

        assertThat(dir.settings().registry().auth().required()).isFalse();
    }
}
