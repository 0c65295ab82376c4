package dev.nomaddeployer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-line spellings of the {@code jobs} map, for places that only carry text (variables, flags, properties):
 * JSON {@code {"team/app":["job-a","job-b"]}} or {@code team/app=job-a,job-b;team/other=job-c}.
 */
final class JobsText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobsText() {
    }

    static Map<String, List<String>> parse(String text, String key, Source source) throws ConfigException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Map.of();
        }
        return trimmed.startsWith("{") ? parseJson(trimmed, key, source) : parsePairs(trimmed, key, source);
    }

    static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, List<String>> parseJson(String text, String key, Source source)
            throws ConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(key, source, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<String> ids = new ArrayList<>();
            JsonNode value = entry.getValue();
            if (value.isArray()) {
                for (JsonNode id : value) {
                    if (!id.isValueNode()) {
                        throw invalid(key, source, "job IDs of \"" + entry.getKey() + "\" must be strings");
                    }
                    ids.add(id.asText());
                }
            } else if (value.isValueNode()) {
                ids.addAll(splitList(value.asText()));
            } else {
                throw invalid(key, source, "job IDs of \"" + entry.getKey() + "\" must be a list of strings");
            }
            jobs.put(entry.getKey(), ids);
        }
        return jobs;
    }

    private static Map<String, List<String>> parsePairs(String text, String key, Source source)
            throws ConfigException {
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw invalid(key, source, "\"" + pair.strip() + "\" is not repository=job-id[,job-id...]");
            }
            jobs.merge(pair.substring(0, eq).strip(), splitList(pair.substring(eq + 1)), (a, b) -> {
                List<String> merged = new ArrayList<>(a);
                merged.addAll(b);
                return merged;
            });
        }
        return jobs;
    }

    private static ConfigException invalid(String key, Source source, String problem) {
        return new ConfigException(key + ": invalid value from " + source.describe() + ": " + problem
                + "; expected " + ValueKind.JOBS.accepted());
    }
}
