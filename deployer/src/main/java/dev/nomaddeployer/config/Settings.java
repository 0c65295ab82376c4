package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole configuration, built and checked once at start-up ({@link SettingsLoader}) and passed down. Where each
 * value came from is kept beside it ({@link LoadedSettings#provenance()}), so equal settings configure the service
 * the same way. {@link #toString()} never shows a secret.
 *
 * @param jobs repository (as the registry names it, e.g. {@code team/app}) -> Nomad job IDs
 */
public record Settings(LogSettings log, ServerSettings server, NomadSettings nomad, RegistrySettings registry,
                       StoreSettings store, DeploySettings deploy, Duration historyRetention,
                       DiscoverySettings discovery, HaSettings ha, Map<String, List<String>> jobs,
                       NotifySettings notifications, UiSettings ui) {

    public Settings {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        jobs.forEach((repository, ids) -> copy.put(repository, List.copyOf(ids)));
        jobs = Collections.unmodifiableMap(copy);
    }

    /** Every default, with relative paths resolved against the process's working directory. */
    public static Settings defaults() {
        try {
            return SettingsBinder.bind(List.of(), Path.of("").toAbsolutePath()).settings();
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults are invalid: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return SettingsTable.describe(this, Provenance.DEFAULTS).stream()
                .map(entry -> entry.key() + "=" + entry.value())
                .collect(Collectors.joining(", ", "Settings[", "]"));
    }
}
