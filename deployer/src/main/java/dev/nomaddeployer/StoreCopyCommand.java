package dev.nomaddeployer;

import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.config.StoreSettings;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.StoreCopy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code nomad-deployer store copy --from A --to B}: the one-shot move of a store, e.g. from the SQLite file of
 * a single instance to the PostgreSQL database of replicas. Each side is a SQLite file path or a JDBC URL; a
 * PostgreSQL side logs in as {@code store.user} with {@code store.password} (flags, environment or config file,
 * as for the service). Run it while no service uses either store.
 */
final class StoreCopyCommand {
    static final List<String> COMMAND = List.of("store", "copy");
    static final String USAGE = "store copy --from <file|jdbc-url> --to <file|jdbc-url>";

    private StoreCopyCommand() {}

    static boolean matches(String[] args) {
        return args.length >= 2 && List.of(args[0], args[1]).equals(COMMAND);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<String> from = Optional.empty();
        Optional<String> to = Optional.empty();
        List<String> global = new ArrayList<>();
        for (int i = COMMAND.size(); i < args.length; i++) {
            String[] flag = args[i].split("=", 2);
            boolean inline = flag.length == 2;
            switch (flag[0]) {
                case "--from" -> from = Optional.ofNullable(inline ? flag[1] : (i + 1 < args.length ? args[++i] : null));
                case "--to" -> to = Optional.ofNullable(inline ? flag[1] : (i + 1 < args.length ? args[++i] : null));
                default -> global.add(args[i]);
            }
        }
        if (from.isEmpty() || to.isEmpty()) {
            err.println("nomad-deployer store copy: both --from and --to are needed; usage: nomad-deployer " + USAGE);
            return 2;
        }
        Optional<Settings> loaded = CommandSettings.load(String.join(" ", COMMAND), USAGE, global, err);
        if (loaded.isEmpty()) {
            return 2;
        }
        Settings settings = loaded.get();
        StoreSettings source = side(from.get(), settings);
        if (source.url().isEmpty() && !Files.exists(source.path())) {
            err.println("nomad-deployer store copy: no store at " + source.path().toAbsolutePath() + " (--from)");
            return 1;
        }
        try (Database sourceStore = Database.open(source); Database targetStore = Database.open(side(to.get(), settings))) {
            StoreCopy.Copied copied = StoreCopy.copy(sourceStore, targetStore);
            out.println("copied " + sourceStore.location() + " to " + targetStore.location() + ": " + copied.rows());
            return 0;
        } catch (StoreException e) {
            err.println("nomad-deployer store copy: " + e.getMessage());
            return 1;
        }
    }

    /** A side named by a JDBC URL or a SQLite file path; the credentials are the settings' own. */
    private static StoreSettings side(String given, Settings settings) {
        boolean url = given.startsWith("jdbc:");
        return new StoreSettings(url ? settings.store().path() : Path.of(given).toAbsolutePath(),
                url ? Optional.of(given) : Optional.empty(), settings.store().user(), settings.store().password());
    }
}
