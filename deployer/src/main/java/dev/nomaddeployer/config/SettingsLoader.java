package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link Settings} from the command line, the environment and a config file, in that order of strength,
 * with defaults below all three.
 */
public final class SettingsLoader {

    private SettingsLoader() {
    }

    /**
     * @param env        the process environment (passed in so tests need not touch the real one)
     * @param workingDir where {@code deployer.*} and {@code config/deployer.*} are looked for, and what relative
     *                   paths in any setting are resolved against
     * @throws ConfigException with the complete operator-facing text when anything is wrong
     */
    public static LoadedSettings load(String[] args, Map<String, String> env, Path workingDir) throws ConfigException {
        return load(args, env, workingDir, ConfigFileReader.SYSTEM_DIR);
    }

    static LoadedSettings load(String[] args, Map<String, String> env, Path workingDir, Path systemDir)
            throws ConfigException {
        Path dir = workingDir.toAbsolutePath().normalize();
        CommandLineFlags.Parsed flags = CommandLineFlags.parse(args);
        if (flags.help()) {
            // help must work even when the config file or environment is broken, so neither is read
            SettingsBinder.Bound defaults = SettingsBinder.bind(List.of(), dir);
            return new LoadedSettings(defaults.settings(), defaults.provenance(), Optional.empty(), List.of(), true,
                    flags.positional(), false);
        }
        List<String> warnings = new ArrayList<>();
        Optional<Path> configFile;
        Map<String, RawValue> fileValues = Map.of();
        if (flags.configFile().isPresent()) {
            configFile = Optional.of(dir.resolve(flags.configFile().get()).normalize());
        } else {
            configFile = ConfigFileReader.find(dir, systemDir);
            if (configFile.isEmpty()) {
                warnings.add("no config file found (looked for " + ConfigFileReader.BASE_NAME + ".{"
                        + String.join(",", ConfigFileReader.EXTENSIONS) + "} in " + dir + ", " + dir.resolve("config")
                        + " and " + systemDir + "); using defaults, environment and flags");
            }
        }
        if (configFile.isPresent()) {
            String origin = flags.configFile().isPresent() ? "given with --config" : "found by search";
            FileEntries entries = ConfigFileReader.read(configFile.get(), origin);
            fileValues = entries.values();
            warnings.addAll(entries.warnings());
        }
        EnvironmentValues.Layers environment = EnvironmentValues.read(env);
        warnings.addAll(environment.warnings());

        SettingsBinder.Bound bound = SettingsBinder.bind(
                List.of(fileValues, environment.nomad(), environment.deployer(), flags.values()), dir);
        return new LoadedSettings(bound.settings(), bound.provenance(), configFile, warnings, false,
                flags.positional(), flags.printConfig());
    }
}
