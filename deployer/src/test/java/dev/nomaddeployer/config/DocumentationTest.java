package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example config, the README and docs/configuration.md are read by operators; each must say what
 * {@link SettingsTable} says. The reference tables are generated here: a failure shows the table to paste.
 */
class DocumentationTest {

    // surefire runs in the module directory; the files live at the repository root
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = REPOSITORY.resolve("config/deployer.example.yml");

    @TempDir
    Path tmp;

    @Test
    void exampleConfigLoadsWithoutWarningsAndGivesTheDefaults() throws Exception {
        LoadedSettings loaded = new ConfigDir(tmp).load("-c", EXAMPLE.toString());

        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.describe()).extracting(ConfigEntry::value)
                .isEqualTo(new ConfigDir(tmp).load().describe().stream().map(ConfigEntry::value).toList());
    }

    @Test
    void exampleConfigWritesEveryKeyOfTheTableAndNoOther() throws IOException {
        JsonNode example = new ObjectMapper(new YAMLFactory()).readTree(EXAMPLE.toFile());

        assertThat(new TreeSet<>(leaves(example, ""))).isEqualTo(new TreeSet<>(SettingsTable.names()));
    }

    @Test
    void exampleConfigNamesTheNomadVariablesAndMarksTheSecretsOfEachKey() throws IOException {
        Map<String, String> lineOfKey = keyLines(Files.readAllLines(EXAMPLE));

        for (Setting<?> setting : SettingsTable.all()) {
            String line = lineOfKey.get(setting.name());
            assertThat(line).as(setting.name() + " written").isNotNull();
            setting.nomadEnvVars().forEach(name -> assertThat(line).as(setting.name()).contains(name));
            assertThat(line.contains("(secret")).as(setting.name() + " marked secret").isEqualTo(setting.secret());
        }
    }

    @Test
    void helpTextSaysSecretExactlyForTheSecretKeys() {
        for (Setting<?> setting : SettingsTable.all()) {
            assertThat(setting.help().contains("(secret)")).as(setting.name()).isEqualTo(setting.secret());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/configuration.md"})
    void referenceTableIsTheTableOfSettings(String document) throws IOException {
        String text = Files.readString(REPOSITORY.resolve(document));

        String header = "| key | flag | environment | default | meaning |\n|---|---|---|---|---|\n";
        int start = text.indexOf(header);
        assertThat(start).as("settings table in " + document).isNotNegative();
        int end = text.indexOf("\n\n", start);
        assertThat(text.substring(start, end < 0 ? text.length() : end + 1)).as(document)
                .isEqualTo(header + referenceRows());
    }

    private static String referenceRows() {
        return SettingsTable.all().stream()
                .map(s -> "| `" + s.name() + "` | `" + s.flag() + "` | "
                        + s.envVars().stream().map(name -> "`" + name + "`").collect(Collectors.joining(", "))
                        + " | " + (s.defaultValue().isEmpty() ? "—" : "`" + s.defaultValue() + "`")
                        + " | " + s.help() + " |\n")
                .collect(Collectors.joining());
    }

    /** Each dotted key of the example's nested YAML (two spaces a level) with the line it is written on. */
    private static Map<String, String> keyLines(List<String> lines) {
        Map<String, String> keys = new HashMap<>();
        List<String> path = new ArrayList<>();
        for (String line : lines) {
            Matcher key = Pattern.compile("^( *)([a-z_]+):").matcher(line);
            if (key.find()) {
                path.subList(key.group(1).length() / 2, path.size()).clear();
                path.add(key.group(2));
                keys.put(String.join(".", path), line);
            }
        }
        return keys;
    }

    private static List<String> leaves(JsonNode node, String prefix) {
        if (!node.isObject() || prefix.equals("jobs.")) {
            return List.of(prefix.substring(0, prefix.length() - 1));
        }
        List<String> names = new ArrayList<>();
        node.fields().forEachRemaining(field -> names.addAll(leaves(field.getValue(), prefix + field.getKey() + ".")));
        return names;
    }
}
