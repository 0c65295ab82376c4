package dev.nomaddeployer.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What start-up needs from the command line and configuration.
 *
 * @param provenance           where each value of {@code settings} came from
 * @param configFile           the file that was read, if any
 * @param warnings             for the caller to log once logging is set up (unknown keys, no config file, ...)
 * @param helpRequested        {@code -h/--help} was given: print {@link #helpText()} and exit; files were not read
 * @param remainingArgs        positional arguments, for sub-commands
 * @param printConfigRequested {@code --print-config} was given: print {@link #describe()} and exit
 */
public record LoadedSettings(Settings settings, Provenance provenance, Optional<Path> configFile,
                             List<String> warnings, boolean helpRequested,
                             List<String> remainingArgs, boolean printConfigRequested) {

    public LoadedSettings {
        warnings = List.copyOf(warnings);
        remainingArgs = List.copyOf(remainingArgs);
    }

    /** The flags' help; rendered on demand, because rendering it is a noticeable part of a start. */
    public String helpText() {
        return CommandLineFlags.helpText();
    }

    /** Every key in help order, with its effective value (secrets as ********) and where it came from. */
    public List<ConfigEntry> describe() {
        return SettingsTable.describe(settings, provenance);
    }
}
