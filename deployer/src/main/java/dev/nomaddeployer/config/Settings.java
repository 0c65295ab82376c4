package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The whole configuration, built and checked once at start-up ({@link SettingsLoader}) and passed down.
 * Equality ignores {@link #provenance()}: two settings are equal when they configure the service the same way.
 * {@link #toString()} and {@link #describe()} never show a secret.
 *
 * @param jobs repository (as the registry names it, e.g. {@code team/app}) -> Nomad job IDs
 */
public record Settings(LogSettings log, ServerSettings server, NomadSettings nomad, RegistrySettings registry,
                       StoreSettings store, DeploySettings deploy, Duration historyRetention,
                       Duration discoveryRefresh, Map<String, List<String>> jobs, Provenance provenance) {

    public Settings {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        jobs.forEach((repository, ids) -> copy.put(repository, List.copyOf(ids)));
        jobs = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(provenance, "provenance");
    }

    public Settings(LogSettings log, ServerSettings server, NomadSettings nomad, RegistrySettings registry,
                    StoreSettings store, DeploySettings deploy, Duration historyRetention, Duration discoveryRefresh,
                    Map<String, List<String>> jobs) {
        this(log, server, nomad, registry, store, deploy, historyRetention, discoveryRefresh, jobs,
                Provenance.DEFAULTS);
    }

    /** Every default, with relative paths resolved against the process's working directory. */
    public static Settings defaults() {
        try {
            return new SettingsBinder(Map.of(), Path.of("").toAbsolutePath()).bind();
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults are invalid: " + e.getMessage(), e);
        }
    }

    /** Every key in help order, with its effective value (secrets as ********) and where it came from. */
    public List<ConfigEntry> describe() {
        return SettingsDescription.of(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Settings that
                && log.equals(that.log) && server.equals(that.server) && nomad.equals(that.nomad)
                && registry.equals(that.registry) && store.equals(that.store) && deploy.equals(that.deploy)
                && historyRetention.equals(that.historyRetention) && discoveryRefresh.equals(that.discoveryRefresh)
                && jobs.equals(that.jobs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(log, server, nomad, registry, store, deploy, historyRetention, discoveryRefresh, jobs);
    }

    @Override
    public String toString() {
        return describe().stream().map(entry -> entry.key() + "=" + entry.value())
                .collect(Collectors.joining(", ", "Settings[", "]"));
    }
}
