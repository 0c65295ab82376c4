package dev.nomaddeployer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text spellings of the {@code jobs} map, as variables, flags and files carry it: JSON
 * {@code {"team/app":["job-a","job-b"]}} or {@code team/app=job-a,job-b;team/other=job-c}.
 */
final class JobsText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobsText() {
    }

    /** @throws ValueKind.InvalidValue saying what is wrong */
    static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> jobs = text.startsWith("{") ? fromTree(json(text)) : pairs(text);
        jobs.forEach((repository, ids) -> {
            if (repository.isBlank()) {
                throw new ValueKind.InvalidValue("", "a repository name is empty");
            }
            if (ids.isEmpty() || ids.stream().anyMatch(String::isBlank)) {
                throw new ValueKind.InvalidValue(repository, "repository " + repository
                        + " needs at least one job ID and no empty ones");
            }
        });
        return jobs;
    }

    static String format(Map<String, List<String>> jobs) {
        return jobs.entrySet().stream().map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                .collect(Collectors.joining(";"));
    }

    static String toJson(Map<String, ?> jobs) {
        try {
            return JSON.writeValueAsString(jobs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** Repository -> job IDs from a parsed file or JSON text; the IDs as a list or as comma-separated text. */
    static Map<String, List<String>> fromTree(Map<?, ?> tree) {
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        tree.forEach((repository, ids) -> {
            if (ids instanceof List<?> list && list.stream().noneMatch(id -> id instanceof Map || id instanceof List)) {
                jobs.put(String.valueOf(repository), list.stream().map(id -> FileEntries.text(id).strip()).toList());
            } else if (ids instanceof String || ids instanceof Number) {
                jobs.put(String.valueOf(repository), splitList(FileEntries.text(ids)));
            } else {
                throw new ValueKind.InvalidValue("job IDs of \"" + repository + "\" must be a list of strings");
            }
        });
        return jobs;
    }

    static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<?, ?> json(String text) {
        try {
            return JSON.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new ValueKind.InvalidValue("not valid JSON (" + ParserMessages.redact(e.getOriginalMessage()) + ")");
        }
    }

    private static Map<String, List<String>> pairs(String text) {
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            if (pair.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                throw new ValueKind.InvalidValue("\"" + pair.strip() + "\" is not repository=job-id[,job-id...]");
            }
            jobs.merge(pair.substring(0, eq).strip(), splitList(pair.substring(eq + 1)), (a, b) -> {
                List<String> merged = new ArrayList<>(a);
                merged.addAll(b);
                return merged;
            });
        }
        return jobs;
    }
}
