package dev.nomaddeployer.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads one config file into flattened keys; the format follows the file extension, as Viper did. */
final class ConfigFileReader {

    /** Extensions in the order discovery tries them. */
    static final List<String> EXTENSIONS = List.of("json", "toml", "yaml", "yml", "hcl", "properties");

    private ConfigFileReader() {
    }

    static FileEntries read(Path file, String origin) throws ConfigException {
        String extension = extensionOf(file);
        if (!EXTENSIONS.contains(extension)) {
            throw new ConfigException("config file " + file + " (" + origin + ") has an unsupported extension; "
                    + "expected one of ." + String.join(", .", EXTENSIONS));
        }
        if (!Files.exists(file)) {
            throw new ConfigException("config file " + file + " (" + origin + ") does not exist");
        }
        if (Files.isDirectory(file) || !Files.isReadable(file)) {
            throw new ConfigException("config file " + file + " (" + origin + ") is not a readable file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException("config file " + file + " (" + origin + ") is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + " (" + origin + "): " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        FileEntries entries = new FileEntries(file);
        switch (extension) {
            case "json" -> new JacksonFileReader(new JsonFactory()).read(text, entries, key -> 0);
            case "yaml", "yml" -> new JacksonFileReader(new YAMLFactory()).read(text, entries, key -> 0);
            case "toml" -> new JacksonFileReader(new TomlFactory()).read(text, entries, new TomlLineIndex(text)::lineOf);
            case "hcl" -> new HclFileReader().read(text, entries);
            case "properties" -> new PropertiesFileReader().read(text, entries);
            default -> throw new IllegalStateException("extension list and readers disagree: " + extension);
        }
        return entries;
    }

    static String extensionOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
