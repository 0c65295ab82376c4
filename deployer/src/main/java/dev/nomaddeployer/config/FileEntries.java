package dev.nomaddeployer.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings one config file gives, whatever its format, so that the five formats share one set of rules: keys
 * are case-insensitive and dotted (nested maps or dotted names alike), {@code jobs} stays a map whose repository
 * names keep their case, and unknown keys become warnings.
 */
final class FileEntries {

    private static final String JOBS = SettingsTable.JOBS_MAP.name();
    private static final String SINKS = SettingsTable.NOTIFY_SINKS.name();
    private static final String REGISTRIES = SettingsTable.REGISTRIES.name();

    private final Path file;
    private final KeyLines lines;
    private final Map<String, RawValue> values = new LinkedHashMap<>();
    private final Map<String, Object> jobs = new LinkedHashMap<>();
    private RawValue jobsText;
    private Source jobsSource;
    private final List<String> warnings = new ArrayList<>();

    private FileEntries(Path file, KeyLines lines) {
        this.file = file;
        this.lines = lines;
    }

    static FileEntries flatten(Path file, Map<?, ?> tree, KeyLines lines) throws ConfigException {
        FileEntries entries = new FileEntries(file, lines);
        entries.warnings.addAll(lines.warnings());
        entries.add("", tree);
        return entries;
    }

    Map<String, RawValue> values() {
        Map<String, RawValue> all = new LinkedHashMap<>(values);
        if (!jobs.isEmpty()) {
            all.put(JOBS, new RawValue(JobsText.toJson(jobs), jobsSource));
        } else if (jobsText != null) {
            all.put(JOBS, jobsText);
        }
        return all;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void add(String prefix, Map<?, ?> map) throws ConfigException {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String written = prefix + entry.getKey();
            String key = written.toLowerCase(Locale.ROOT);
            Object value = entry.getValue();
            Source source = new Source.FileLocation(file, lines.lineOf(key));
            if (value == null) {
                continue; // an empty value leaves the key unset
            }
            if ((key.equals(SINKS) || key.equals(REGISTRIES)) && value instanceof List<?> entries) {
                values.put(key, new RawValue(SinksText.toJson(entries), source));
            } else if (key.startsWith(JOBS + ".")) {
                addJob(written.substring(JOBS.length() + 1), value, source);
            } else if (key.equals(JOBS) && value instanceof Map<?, ?> repositories) {
                repositories.forEach((repository, ids) -> addJob(String.valueOf(repository), ids, source));
            } else if (key.equals(JOBS)) {
                jobsText = new RawValue(scalarText(key, value, source), source);
            } else if (value instanceof Map<?, ?> nested) {
                add(written + ".", nested);
            } else if (value instanceof List<?> blocks && !blocks.isEmpty()
                    && blocks.stream().allMatch(Map.class::isInstance)) {
                for (Object block : blocks) { // an HCL block written twice (log { ... } log { ... })
                    add(written + ".", (Map<?, ?>) block);
                }
            } else if (SettingsTable.find(key).isEmpty()) {
                warnings.add("unknown key \"" + key + "\" in " + source.describe().substring("file ".length())
                        + SettingsTable.didYouMean(key, SettingsTable.names(), ""));
            } else if (value instanceof List<?> list) {
                List<String> items = new ArrayList<>();
                for (Object item : list) {
                    items.add(scalarText(key, item, source));
                }
                values.put(key, new RawValue(items, source));
            } else {
                values.put(key, new RawValue(scalarText(key, value, source), source));
            }
        }
    }

    /** Job IDs are checked with the other spellings of {@code jobs}, by the binder. */
    private void addJob(String repository, Object ids, Source source) {
        jobsSource = jobsSource == null ? source : jobsSource;
        jobs.put(repository, ids);
    }

    /** A scalar as an operator wrote it; HCL reads every number as a double, and 4 must stay "4", not "4.0". */
    static String text(Object value) {
        return value instanceof Number number
                ? new BigDecimal(number.toString()).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    private static String scalarText(String key, Object value, Source source) throws ConfigException {
        if (value instanceof String || value instanceof Boolean || value instanceof Number) {
            return text(value);
        }
        String shape = value instanceof Map<?, ?> ? "a map" : value instanceof List<?> ? "a list" : "this kind of value";
        throw new ConfigException(key + ": " + source.describe() + " gives " + shape
                + " where a single value is expected");
    }
}
