package dev.nomaddeployer.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Settings from environment variables: {@code DEPLOYER_<KEY>} and, one rank lower, Nomad's own {@code NOMAD_*}
 * variables so that a shell already set up for the nomad CLI works unchanged. Empty variables count as unset, as
 * in Viper and in Nomad's API client.
 */
final class EnvironmentValues {

    record Layers(Map<String, RawValue> nomad, Map<String, RawValue> deployer, List<String> warnings) {
    }

    private EnvironmentValues() {
    }

    static Layers read(Map<String, String> env) throws ConfigException {
        Map<String, RawValue> nomad = new LinkedHashMap<>();
        Map<String, RawValue> deployer = new LinkedHashMap<>();
        for (SettingKey key : SettingKeys.all()) {
            for (String name : key.nomadEnvVars()) {
                String value = env.get(name);
                if (value != null && !value.isEmpty()) {
                    nomad.put(key.name(), new RawValue(value, new Source.EnvVar(name)));
                    break;
                }
            }
            String value = env.get(key.envVar());
            if (value != null && !value.isEmpty()) {
                Source source = new Source.EnvVar(key.envVar());
                deployer.put(key.name(), key.kind() == ValueKind.JOBS
                        ? new RawValue(JobsText.parse(value, key.name(), source), source)
                        : new RawValue(value, source));
            }
        }
        return new Layers(nomad, deployer, unknownVariables(env));
    }

    private static List<String> unknownVariables(Map<String, String> env) {
        Set<String> known = SettingKeys.all().stream().map(SettingKey::envVar).collect(Collectors.toSet());
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(SettingKey.ENV_PREFIX) && !known.contains(name)) {
                String hint = SettingKeys.suggestAmong(name, known).map(s -> " (did you mean " + s + "?)").orElse("");
                warnings.add("unknown environment variable " + name + " is ignored" + hint);
            }
        }
        return warnings;
    }
}
