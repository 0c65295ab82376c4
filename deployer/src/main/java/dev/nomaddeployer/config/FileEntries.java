package dev.nomaddeployer.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the flattened keys one config file sets, whatever its format, so that the five formats share one set of
 * rules: keys are case-insensitive and dotted, {@code jobs} stays a map, unknown keys become warnings.
 */
final class FileEntries {

    private final Path file;
    private final Map<String, RawValue> values = new LinkedHashMap<>();
    private final Map<String, List<String>> jobs = new LinkedHashMap<>();
    private Source jobsSource;
    private final List<String> warnings = new ArrayList<>();

    FileEntries(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * Adds one flattened entry. {@code value} is a scalar (String, Number, Boolean), a List of scalars, a Map (only
     * meaningful for {@code jobs}) or null, which leaves the key unset.
     */
    void add(String dottedKey, Object value, int line) throws ConfigException {
        if (value == null) {
            return;
        }
        Source source = new Source.FileLocation(file, line);
        String key = dottedKey.toLowerCase(Locale.ROOT);
        String jobsPrefix = SettingKeys.JOBS_KEY + ".";
        if (key.equals(SettingKeys.JOBS_KEY)) {
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    addJob(String.valueOf(entry.getKey()), entry.getValue(), source);
                }
            } else {
                putJobs(JobsText.parse(scalarText(key, value, source), SettingKeys.JOBS_KEY, source), source);
            }
            return;
        }
        if (key.startsWith(jobsPrefix)) {
            // the repository keeps its case: only the key words are case-insensitive
            addJob(dottedKey.substring(jobsPrefix.length()), value, source);
            return;
        }
        if (SettingKeys.find(key).isEmpty()) {
            String hint = SettingKeys.suggest(key).map(s -> " (did you mean " + s + "?)").orElse("");
            warnings.add("unknown key \"" + key + "\" in " + source.describe().substring("file ".length()) + hint);
            return;
        }
        RawValue previous = values.get(key);
        if (previous != null) {
            warnings.add(key + " is set twice in " + file + " (" + previous.source().describe() + " and line " + line
                    + "); the later one is used");
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object item : list) {
                items.add(scalarText(key, item, source));
            }
            values.put(key, new RawValue(items, source));
        } else {
            values.put(key, new RawValue(scalarText(key, value, source), source));
        }
    }

    Map<String, RawValue> values() {
        Map<String, RawValue> all = new LinkedHashMap<>(values);
        if (jobsSource != null) {
            all.put(SettingKeys.JOBS_KEY, new RawValue(Map.copyOf(jobs), jobsSource));
        }
        return all;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void addJob(String repository, Object jobIds, Source source) throws ConfigException {
        String key = SettingKeys.JOBS_KEY + "." + repository;
        List<String> ids = new ArrayList<>();
        if (jobIds instanceof List<?> list) {
            for (Object id : list) {
                ids.add(scalarText(key, id, source));
            }
        } else {
            ids.addAll(JobsText.splitList(scalarText(key, jobIds, source)));
        }
        putJobs(Map.of(repository, ids), source);
    }

    private void putJobs(Map<String, List<String>> more, Source source) {
        if (jobsSource == null) {
            jobsSource = source;
        }
        more.forEach((repository, ids) -> jobs.merge(repository, List.copyOf(ids), (a, b) -> {
            List<String> merged = new ArrayList<>(a);
            b.stream().filter(id -> !merged.contains(id)).forEach(merged::add);
            return List.copyOf(merged);
        }));
    }

    private static String scalarText(String key, Object value, Source source) throws ConfigException {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Boolean bool) {
            return bool.toString();
        }
        if (value instanceof Number number) {
            // HCL reads every number as a double: 4 must stay "4", not "4.0"
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        String shape = value instanceof Map<?, ?> ? "a map" : value instanceof List<?> ? "a list" : "this kind of value";
        throw new ConfigException(key + ": " + source.describe() + " gives " + shape + " where a single value is expected");
    }
}
