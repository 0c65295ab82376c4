package dev.nomaddeployer.config;

import java.util.List;
import java.util.Locale;

/**
 * One configurable key. Its flag and DEPLOYER_ variable are derived from the name, the way Viper derived them for
 * the Go tool, so the three spellings can never drift apart.
 *
 * @param defaultValue the default as the operator would write it ("" = unset)
 * @param nomadEnvVars Nomad's own variables that also set this key, strongest first
 */
public record SettingKey(String name, ValueKind kind, String defaultValue, String description,
                         List<String> nomadEnvVars) {

    public static final String ENV_PREFIX = "DEPLOYER_";

    public SettingKey {
        nomadEnvVars = List.copyOf(nomadEnvVars);
    }

    public String flag() {
        return "--" + name;
    }

    public String envVar() {
        return envVarFor(name);
    }

    public boolean secret() {
        return kind == ValueKind.SECRET;
    }

    static String envVarFor(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
