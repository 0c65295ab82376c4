package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example config and the reference table are read by operators; they must not drift from the code. */
class DocumentationTest {

    // surefire runs in the module directory; both files live at the repository root
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void exampleConfigLoadsWithoutWarningsAndGivesTheDefaults() throws Exception {
        Path example = REPOSITORY.resolve("config/deployer.example.yml");

        LoadedSettings loaded = new ConfigDir(tmp).load("-c", example.toString());

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.settings().describe()).extracting(ConfigEntry::value)
                .isEqualTo(new ConfigDir(tmp).settings().describe().stream().map(ConfigEntry::value).toList());
    }

    @Test
    void exampleConfigMentionsEveryKey() throws IOException {
        String example = Files.readString(REPOSITORY.resolve("config/deployer.example.yml"));

        for (SettingKey key : SettingKeys.all()) {
            String leaf = key.name().substring(key.name().lastIndexOf('.') + 1);
            assertThat(example).as(key.name()).containsPattern("(?m)^\\s*" + leaf + ":");
        }
    }

    @Test
    void referenceTableListsEveryKeyWithFlagVariableAndDefault() throws IOException {
        String docs = Files.readString(REPOSITORY.resolve("docs/configuration.md"));

        for (SettingKey key : SettingKeys.all()) {
            String defaultCell = key.defaultValue().isEmpty() ? "—" : "`" + key.defaultValue() + "`";
            assertThat(docs).as(key.name()).contains("| `" + key.name() + "` | `" + key.flag() + "` | `"
                    + key.envVar() + "`");
            assertThat(docs).as(key.name()).containsPattern("\\| `" + java.util.regex.Pattern.quote(key.name())
                    + "` \\|[^\\n]*\\| " + java.util.regex.Pattern.quote(defaultCell) + " \\|");
        }
    }
}
