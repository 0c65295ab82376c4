package dev.nomaddeployer.config;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds and reads the config file: the Go tool's directories and names, the format following the extension as
 * Viper did. Each format is parsed into a tree by its own parser; {@link FileEntries} flattens them all alike.
 */
final class ConfigFileReader {

    /** Extensions in the order discovery tries them. */
    static final List<String> EXTENSIONS = List.of("json", "toml", "yaml", "yml", "hcl", "properties");
    static final String BASE_NAME = "deployer";
    static final Path SYSTEM_DIR = Path.of("/etc/nomad-deployer");

    private ConfigFileReader() {
    }

    /** The first existing candidate: directory first, then extension. */
    static Optional<Path> find(Path workingDir, Path systemDir) {
        for (Path dir : List.of(workingDir, workingDir.resolve("config"), systemDir)) {
            for (String extension : EXTENSIONS) {
                Path candidate = dir.resolve(BASE_NAME + "." + extension);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static FileEntries read(Path file, String origin) throws ConfigException {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String described = "config file " + file + " (" + origin + ")";
        if (!name.contains(".") || !EXTENSIONS.contains(extension)) {
            throw new ConfigException(described + " has an unsupported extension; expected one of ."
                    + String.join(", .", EXTENSIONS));
        }
        if (!Files.exists(file)) {
            throw new ConfigException(described + " does not exist");
        }
        if (Files.isDirectory(file) || !Files.isReadable(file)) {
            throw new ConfigException(described + " is not a readable file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(described + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + described + ": " + e.getMessage());
        }
        text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        KeyLines lines = new KeyLines(file);
        Map<?, ?> tree = switch (extension) {
            case "json" -> jackson(new JsonFactory(), text, file, lines);
            case "yaml", "yml" -> jackson(new YAMLFactory(), text, file, lines);
            case "toml" -> {
                Map<?, ?> toml = jackson(new TomlFactory(), text, file, lines);
                lines.scanToml(text);
                yield toml;
            }
            case "hcl" -> hcl(text, file, lines);
            default -> properties(text, file, lines);
        };
        return FileEntries.flatten(file, tree, lines);
    }

    /** The one shape of a parse error, whichever parser or scan found it; {@code line} 0 = not known. */
    static ConfigException cannotParse(Path file, int line, String reason) {
        return new ConfigException("cannot parse config file " + file + (line > 0 ? " line " + line : "") + ": "
                + reason);
    }

    /** JSON, YAML and TOML: Jackson's streaming parser gives each key's line (none for TOML), then the tree. */
    private static Map<?, ?> jackson(JsonFactory factory, String text, Path file, KeyLines lines)
            throws ConfigException {
        ObjectMapper mapper = new ObjectMapper(factory);
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return Map.of(); // an empty file sets nothing
            }
            if (token != JsonToken.START_OBJECT) {
                int line = parser.currentTokenLocation().getLineNr();
                throw new ConfigException("cannot read config file " + file + (line > 0 ? " line " + line : "")
                        + ": expected a map of settings at the top level");
            }
            for (; token != null; token = parser.nextToken()) {
                String key = token == JsonToken.FIELD_NAME ? pathOf(parser.getParsingContext()) : null;
                if (key != null && parser.currentTokenLocation().getLineNr() > 0) {
                    lines.record(key, parser.currentTokenLocation().getLineNr());
                }
            }
            return mapper.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw cannotParse(file, line, ParserMessages.redact(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    /** The dotted key of a field; null inside a list, where names are values, not settings. */
    private static String pathOf(JsonStreamContext context) {
        List<String> names = new ArrayList<>();
        for (JsonStreamContext c = context; !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                return null;
            }
            names.add(0, c.getCurrentName());
        }
        return String.join(".", names);
    }

    private static Map<?, ?> hcl(String text, Path file, KeyLines lines) throws ConfigException {
        lines.scanHcl(text);
        try {
            return new HCLParser().parse(text);
        } catch (Exception e) { // hcl4j wraps some parse errors in RuntimeException
            Throwable cause = e.getCause() != null && e instanceof RuntimeException ? e.getCause() : e;
            throw cannotParse(file, 0, ParserMessages.redact(cause.getMessage()));
        } catch (NoClassDefFoundError e) {
            // hcl4j evaluates a referenced data source while parsing; its HTTP client is left out of the jar
            // (docs/dependencies.md), since reading the configuration must not fetch anything.
            throw cannotParse(file, 0, "data sources (data blocks) are not supported in a configuration file");
        }
    }

    /**
     * Read one logical line at a time (a line ending in an odd number of backslashes continues on the next) so
     * each key keeps its line; {@link Properties#load} decodes each, so escapes behave exactly as Java defines.
     */
    private static Map<?, ?> properties(String text, Path file, KeyLines lines) throws ConfigException {
        Map<String, String> tree = new LinkedHashMap<>();
        List<String> all = text.lines().toList();
        for (int i = 0; i < all.size(); i++) {
            int firstLine = i + 1;
            StringBuilder logical = new StringBuilder(all.get(i));
            while (all.get(i).replaceAll("(\\\\\\\\)*$", "").endsWith("\\") && i + 1 < all.size()) {
                logical.append('\n').append(all.get(++i));
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw cannotParse(file, firstLine, ParserMessages.redact(e.getMessage()));
            }
            for (String key : one.stringPropertyNames()) {
                lines.record(key, firstLine);
                tree.remove(key); // a key written twice counts where it is written last
                tree.put(key, one.getProperty(key).strip());
            }
        }
        return tree;
    }
}
