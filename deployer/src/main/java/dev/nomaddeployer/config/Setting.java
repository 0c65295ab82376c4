package dev.nomaddeployer.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One configurable key, everything about it in one place; {@link SettingsTable} holds them all. Its flag and
 * DEPLOYER_ variable are derived from the name, the way Viper derived them for the Go tool.
 *
 * @param defaultValue the default as the operator would write it ("" = unset)
 * @param secret       never shown: masked in {@code --print-config}, never quoted in a message
 * @param nomadEnvVars Nomad's own variables that also set this key, strongest first
 * @param value        where the value lives in {@link Settings}; null for a {@code *_file} twin of a secret,
 *                     whose file is folded into the secret
 */
public record Setting<T>(String name, ValueKind<T> kind, String defaultValue, boolean secret,
                         List<String> nomadEnvVars, String help, Function<Settings, T> value) {

    public static final String ENV_PREFIX = "DEPLOYER_";

    public Setting {
        nomadEnvVars = List.copyOf(nomadEnvVars);
    }

    public String flag() {
        return "--" + name;
    }

    public String envVar() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Every variable that sets this key, strongest first. */
    public List<String> envVars() {
        return Stream.concat(Stream.of(envVar()), nomadEnvVars.stream()).toList();
    }
}
