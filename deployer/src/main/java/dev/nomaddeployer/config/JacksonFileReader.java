package dev.nomaddeployer.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * JSON, YAML and TOML through Jackson's streaming parser, walked token by token so that each key keeps the line it
 * was written on. Jackson's TOML parser reports no positions, so for TOML a {@link TomlLineIndex} fills them in.
 */
final class JacksonFileReader {

    private final ObjectMapper mapper;

    JacksonFileReader(JsonFactory factory) {
        this.mapper = new ObjectMapper(factory);
    }

    void read(String text, FileEntries into, ToIntFunction<String> fallbackLines) throws ConfigException {
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return; // an empty file sets nothing
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException("cannot read config file " + into.file() + lineSuffix(parser)
                        + ": expected a map of settings at the top level");
            }
            readObject(parser, "", into, fallbackLines);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new ConfigException("cannot parse config file " + into.file() + (line > 0 ? " line " + line : "")
                    + ": " + ParserMessages.redact(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + into.file() + ": " + e.getMessage());
        }
    }

    private void readObject(JsonParser parser, String prefix, FileEntries into, ToIntFunction<String> fallbackLines)
            throws IOException, ConfigException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + parser.currentName();
            int line = parser.currentTokenLocation().getLineNr();
            if (line <= 0) {
                line = fallbackLines.applyAsInt(key);
            }
            JsonToken valueToken = parser.nextToken();
            if (valueToken == JsonToken.START_OBJECT && !key.equalsIgnoreCase(SettingKeys.JOBS_KEY)) {
                readObject(parser, key + ".", into, fallbackLines);
            } else {
                JsonNode node = mapper.readTree(parser);
                into.add(key, plain(node), line);
            }
        }
    }

    private static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    private static String lineSuffix(JsonParser parser) {
        int line = parser.currentTokenLocation().getLineNr();
        return line > 0 ? " line " + line : "";
    }
}
