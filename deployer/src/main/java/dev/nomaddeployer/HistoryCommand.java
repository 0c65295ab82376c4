package dev.nomaddeployer;

import dev.nomaddeployer.config.ConfigException;
import dev.nomaddeployer.config.LoadedSettings;
import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.config.SettingsLoader;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.History;
import dev.nomaddeployer.store.HistoryEntry;
import dev.nomaddeployer.store.HistoryQuery;
import dev.nomaddeployer.store.Outcome;
import dev.nomaddeployer.store.StoreException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code nomad-deployer history}: prints recorded decisions from the store, newest first. It reads the
 * store file directly, so it works whether or not the service is running.
 */
final class HistoryCommand {
    private HistoryCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<String> job = Optional.empty();
        Optional<String> repository = Optional.empty();
        Optional<Outcome> status = Optional.empty();
        int limit = 50;
        List<String> rest = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--job" -> job = Optional.of(value(args, ++i, arg));
                    case "--repository" -> repository = Optional.of(value(args, ++i, arg));
                    case "--status" -> status = Optional.of(outcome(value(args, ++i, arg)));
                    case "--limit" -> limit = Integer.parseInt(value(args, ++i, arg));
                    default -> rest.add(arg);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("nomad-deployer history: " + e.getMessage());
            return 2;
        }
        LoadedSettings loaded;
        try {
            loaded = SettingsLoader.load(rest.toArray(String[]::new), System.getenv(), Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            err.println("nomad-deployer history: " + e.getMessage());
            return 2;
        }
        Settings settings = loaded.settings();
        if (settings.store().url().isEmpty() && !Files.exists(settings.store().path())) {
            err.println("nomad-deployer history: no store at " + settings.store().path().toAbsolutePath()
                    + " (store.path); nothing has been recorded there yet");
            return 1;
        }
        try (Database database = settings.store().url().isPresent()
                ? Database.open(settings.store().url().get(), settings.store().url().get())
                : Database.openFile(settings.store().path())) {
            List<HistoryEntry> entries = new History(database).find(
                    new HistoryQuery(job, repository, status, 1, Math.max(1, Math.min(limit, HistoryQuery.MAX_PER_PAGE))));
            out.printf("%-24s %-10s %-28s %-15s %-20s %-16s %s%n", "RECORDED", "NAMESPACE", "JOB", "STATUS",
                    "REPOSITORY:TAG", "KEY OLD→NEW", "DETAIL");
            for (HistoryEntry entry : entries) {
                String change = entry.metaKey() == null ? "" : entry.metaKey() + " " + entry.oldValue() + "→" + entry.newValue();
                String detail = entry.outcome() == Outcome.REGISTERED
                        ? "eval " + entry.evalId() + ", version " + entry.jobVersion()
                        : Optional.ofNullable(entry.message()).orElse("");
                out.printf("%-24s %-10s %-28s %-15s %-20s %-16s %s%n", entry.recordedAt(), nz(entry.namespace()),
                        nz(entry.jobId()), entry.outcome().label(), entry.repository() + ":" + entry.tag(), change, detail);
            }
            return 0;
        } catch (StoreException e) {
            err.println("nomad-deployer history: " + e.getMessage());
            return 1;
        }
    }

    private static String nz(String value) {
        return value == null ? "-" : value;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static Outcome outcome(String value) {
        try {
            return Outcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--status must be one of registered, already_current, skipped, failed,"
                    + " superseded; got \"" + value + "\"");
        }
    }
}
