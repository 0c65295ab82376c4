package dev.nomaddeployer.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the winning raw value of each key into typed {@link Settings}, driven by {@link SettingsTable}. Every check
 * lives here, so a value is judged the same whether it came from a flag, a variable or a file; all problems are
 * collected and reported together.
 */
final class SettingsBinder implements SettingsTable.Values {

    record Bound(Settings settings, Provenance provenance) {
    }

    private final Map<String, RawValue> raw = new HashMap<>();
    private final Path workingDir;
    private final Map<Setting<?>, Object> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Source> sources = new HashMap<>();
    private final Map<String, String> secretFiles = new HashMap<>();

    private SettingsBinder(Path workingDir) {
        this.workingDir = workingDir;
    }

    /**
     * @param layers each source's values, weakest first: a stronger source replaces what a weaker one set, and
     *               a key no source sets takes its default
     */
    static Bound bind(List<Map<String, RawValue>> layers, Path workingDir) throws ConfigException {
        SettingsBinder binder = new SettingsBinder(workingDir);
        layers.forEach(binder::layer);
        return binder.bind();
    }

    /**
     * An empty value is the same as not giving the key at all, in every source, as Viper and Nomad treat empty
     * environment variables; except for a secret, where an empty value is more likely a template or a variable
     * that came out empty than a wish to run without one, and running without one leaves a door open.
     */
    private void layer(Map<String, RawValue> values) {
        values.forEach((key, value) -> {
            if (!(value.value() instanceof String text && text.isBlank())) {
                raw.put(key, value);
            } else if (SettingsTable.find(key).filter(SettingsTable::guardsSecret).isPresent()) {
                problems.add(key + ": " + value.source().describe() + " gives an empty value; a secret must not be "
                        + "empty or blank (leave the key out to set none)");
            }
        });
    }

    @Override
    public Optional<Path> secretFile(Setting<Optional<String>> secret) {
        return Optional.ofNullable(secretFiles.get(secret.name())).map(Path::of);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    private Bound bind() throws ConfigException {
        raw.forEach((key, value) -> sources.put(key, value.source()));
        for (Setting<?> setting : SettingsTable.all()) {
            if (setting.secret()) {
                values.put(setting, secret(setting));
            } else if (setting.value() != null) { // a *_file twin is read by its secret
                values.put(setting, parse(setting));
            }
        }
        for (List<Setting<?>> pair : SettingsTable.SET_TOGETHER) {
            requireTogether(pair.get(0), pair.get(1));
        }
        Duration initial = get(SettingsTable.DEPLOY_RETRY_INITIAL);
        Duration max = get(SettingsTable.DEPLOY_RETRY_MAX);
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            problems.add("deploy.retry.max (" + GoDuration.format(max) + ", " + sourceOf("deploy.retry.max")
                    + ") must not be shorter than deploy.retry.initial (" + GoDuration.format(initial) + ", "
                    + sourceOf("deploy.retry.initial") + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Bound(SettingsTable.assemble(this), new Provenance(sources, secretFiles));
    }

    /** The raw value, or the default, checked by the key's kind; null after recording a problem. */
    private <T> T parse(Setting<T> setting) {
        RawValue given = raw.get(setting.name());
        String text;
        if (given == null) {
            text = setting.defaultValue();
        } else if (given.value() instanceof List<?> items) {
            if (!setting.kind().list()) {
                problems.add(setting.name() + ": " + given.source().describe()
                        + " gives a list where a single value is expected");
                return null;
            }
            text = String.join(",", items.stream().map(String::valueOf).toList());
        } else {
            text = (String) given.value();
        }
        try {
            return setting.kind().parse(text.strip(), workingDir);
        } catch (IllegalArgumentException e) {
            String shown = e instanceof ValueKind.InvalidValue invalid && invalid.shown != null ? invalid.shown : text;
            problems.add(setting.name() + ": invalid value" + (setting.secret() ? "" : " \"" + shown + "\"")
                    + " from " + sourceOf(setting.name()) + ": " + e.getMessage() + "; expected "
                    + setting.kind().accepted());
            return null;
        }
    }

    /**
     * A secret comes from its own key or from its {@code *_file} key. When both are set the stronger source wins;
     * set at the same rank it is ambiguous and refused.
     */
    private Optional<String> secret(Setting<?> key) {
        Setting<?> fileKey = SettingsTable.fileTwin(key).orElse(null);
        RawValue direct = raw.get(key.name());
        RawValue file = fileKey == null ? null : raw.get(fileKey.name());
        if (direct != null && file != null) {
            if (direct.source().rank() == file.source().rank()) {
                problems.add("set only one of " + key.name() + " (" + direct.source().describe() + ") and "
                        + fileKey.name() + " (" + file.source().describe() + ")");
                return Optional.empty();
            }
            if (direct.source().rank() > file.source().rank()) {
                sources.remove(fileKey.name());
                file = null;
            } else {
                direct = null;
            }
        }
        if (direct != null) {
            Optional<?> text = (Optional<?>) parse(key);
            return text == null ? Optional.empty() : text.map(String.class::cast);
        }
        Optional<?> path = file == null ? null : (Optional<?>) parse(fileKey);
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        String where = path.get() + " (" + file.source().describe() + ")";
        String content;
        try {
            content = Files.readString((Path) path.get(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            problems.add(fileKey.name() + ": cannot read file " + where + ": " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (content.isEmpty()) {
            problems.add(fileKey.name() + ": file " + where + " is empty");
            return Optional.empty();
        }
        try {
            key.kind().parse(content, workingDir);
        } catch (IllegalArgumentException e) {
            problems.add(fileKey.name() + ": the content of file " + where + " is not valid: " + e.getMessage()
                    + "; expected " + key.kind().accepted());
            return Optional.empty();
        }
        sources.put(key.name(), file.source());
        secretFiles.put(key.name(), path.get().toString());
        return Optional.of(content);
    }

    private void requireTogether(Setting<?> first, Setting<?> second) {
        boolean firstSet = isSet(first);
        if (firstSet != isSet(second)) {
            Setting<?> set = firstSet ? first : second;
            Setting<?> missing = firstSet ? second : first;
            problems.add(first.name() + " and " + second.name() + " must be set together: " + set.name()
                    + " is set (" + sourceOf(set.name()) + ") but " + missing.name() + " is not");
        }
    }

    private boolean isSet(Setting<?> setting) {
        return raw.containsKey(setting.name())
                || SettingsTable.fileTwin(setting).map(twin -> raw.containsKey(twin.name())).orElse(false);
    }

    private String sourceOf(String key) {
        return sources.getOrDefault(key, Source.DEFAULT).describe();
    }
}
