package dev.nomaddeployer;

import dev.nomaddeployer.config.ConfigException;
import dev.nomaddeployer.config.LoadedSettings;
import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.config.SettingsLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The settings a sub-command works with: the global flags left once its own are taken, with the environment
 * and config file as for the service. A bad value or a stray word is a usage error, said once on {@code err}.
 */
final class CommandSettings {
    private CommandSettings() {}

    /** Empty after a usage error was printed (the command then exits 2). */
    static Optional<Settings> load(String command, String usage, List<String> global, PrintStream err) {
        LoadedSettings loaded;
        try {
            loaded = SettingsLoader.load(global.toArray(String[]::new), System.getenv(), Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            err.println("nomad-deployer " + command + ": " + e.getMessage());
            return Optional.empty();
        }
        if (!loaded.remainingArgs().isEmpty()) {
            err.println("nomad-deployer " + command + ": unexpected " + loaded.remainingArgs() + "; usage: nomad-deployer "
                    + usage);
            return Optional.empty();
        }
        return Optional.of(loaded.settings());
    }

    /**
     * True, having said so on {@code err}, when the SQLite store the settings name does not exist yet: the commands
     * that work on the store never create one. {@code hint} says what to do about it.
     */
    static boolean storeMissing(String command, Settings settings, PrintStream err, String hint) {
        if (settings.store().url().isEmpty() && !Files.exists(settings.store().path())) {
            err.println("nomad-deployer " + command + ": no store at " + settings.store().path().toAbsolutePath()
                    + " (store.path); " + hint);
            return true;
        }
        return false;
    }
}
