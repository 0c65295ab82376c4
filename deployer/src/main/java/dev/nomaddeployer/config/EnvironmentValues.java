package dev.nomaddeployer.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Settings from environment variables: {@code DEPLOYER_<KEY>} and, one rank lower, Nomad's own {@code NOMAD_*}
 * variables so that a shell already set up for the nomad CLI works unchanged. Empty variables are passed on:
 * {@link SettingsBinder} treats them as unset, as Viper and Nomad's API client do, except for secrets.
 */
final class EnvironmentValues {

    record Layers(Map<String, RawValue> nomad, Map<String, RawValue> deployer, List<String> warnings) {
    }

    private EnvironmentValues() {
    }

    static Layers read(Map<String, String> env) {
        Map<String, RawValue> nomad = new LinkedHashMap<>();
        Map<String, RawValue> deployer = new LinkedHashMap<>();
        for (Setting<?> key : SettingsTable.all()) {
            // the first of Nomad's variables that is not empty, else an empty one: the binder decides what empty means
            List<String> given = key.nomadEnvVars().stream().filter(env::containsKey).toList();
            given.stream().filter(name -> !env.get(name).isEmpty()).findFirst().or(() -> given.stream().findFirst())
                    .ifPresent(name -> nomad.put(key.name(), new RawValue(env.get(name), new Source.EnvVar(name))));
            if (env.containsKey(key.envVar())) {
                deployer.put(key.name(), new RawValue(env.get(key.envVar()), new Source.EnvVar(key.envVar())));
            }
        }
        List<String> known = SettingsTable.all().stream().map(Setting::envVar).toList();
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(Setting.ENV_PREFIX) && !known.contains(name)) {
                warnings.add("unknown environment variable " + name + " is ignored"
                        + SettingsTable.didYouMean(name, known, ""));
            }
        }
        return new Layers(nomad, deployer, warnings);
    }
}
