package dev.nomaddeployer;

import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutStatus;
import dev.nomaddeployer.rollout.VersionKey;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcHistory;
import dev.nomaddeployer.store.JdbcRollouts;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code nomad-deployer history}: prints recorded decisions from the store, newest first. It reads the
 * store file directly, so it works whether or not the service is running. Its own filters and the global
 * flags ({@code --config}, {@code --store.path}, ...) may come before or after the word {@code history}.
 */
final class HistoryCommand {
    static final String COMMAND = "history";
    static final String USAGE = COMMAND + " [--job J] [--repository R] [--status S] [--rollout S] [--limit N]";
    private static final List<String> HEADINGS = List.of("RECORDED", "NAMESPACE", "JOB", "STATUS", "REPOSITORY:TAG",
            "CHANGE", "DETAIL");

    private HistoryCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        Optional<String> job = Optional.empty();
        Optional<String> repository = Optional.empty();
        Optional<Outcome> status = Optional.empty();
        Optional<String> rollout = Optional.empty();
        int limit = 50;
        // Without the word "history" itself, global flags may stand before or after it.
        List<String> words = new ArrayList<>(List.of(args));
        words.remove(COMMAND);
        List<String> global = new ArrayList<>();
        try {
            for (int i = 0; i < words.size(); i++) {
                String[] flag = words.get(i).split("=", 2);
                boolean inline = flag.length == 2;
                switch (flag[0]) {
                    case "--job" -> job = Optional.of(inline ? flag[1] : value(words, ++i, flag[0]));
                    case "--repository" -> repository = Optional.of(inline ? flag[1] : value(words, ++i, flag[0]));
                    case "--status" -> status = Optional.of(outcome(inline ? flag[1] : value(words, ++i, flag[0])));
                    case "--rollout" -> rollout = Optional.of(
                            RolloutStatus.fromLabel(inline ? flag[1] : value(words, ++i, flag[0])).label());
                    case "--limit" -> limit = limit(inline ? flag[1] : value(words, ++i, flag[0]));
                    default -> global.add(words.get(i));
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("nomad-deployer history: " + e.getMessage());
            return 2;
        }
        Optional<Settings> loaded = CommandSettings.load(COMMAND, USAGE, global, err);
        if (loaded.isEmpty()) {
            return 2;
        }
        Settings settings = loaded.get();
        if (CommandSettings.storeMissing(COMMAND, settings, err, "nothing has been recorded there yet")) {
            return 1;
        }
        try (Database database = Database.open(settings.store())) {
            List<HistoryEntry> entries = new JdbcHistory(database).find(new HistoryQuery(job, repository, status,
                    rollout, 1, Math.min(limit, HistoryQuery.MAX_PER_PAGE)));
            Map<VersionKey, Rollout> followed = new JdbcRollouts(database).ofVersions(entries.stream()
                    .map(VersionKey::registeredBy).filter(Objects::nonNull).toList());
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADINGS);
            entries.forEach(entry -> rows.add(row(entry, VersionKey.registeredBy(entry) == null ? null
                    : followed.get(VersionKey.registeredBy(entry)))));
            print(rows, out);
            return 0;
        } catch (StoreException e) {
            err.println("nomad-deployer history: " + e.getMessage());
            return 1;
        }
    }

    /** A register shows its rollout's status after its own ({@code registered/rolled_out}) and Nomad's text. */
    private static List<String> row(HistoryEntry entry, Rollout rollout) {
        String change = entry.metaKey() == null ? "" : entry.metaKey() + " " + entry.oldValue() + "→" + entry.newValue();
        String detail = entry.outcome() == Outcome.REGISTERED
                ? "eval " + entry.evalId() + ", version " + entry.jobVersion()
                : Optional.ofNullable(entry.message()).orElse("");
        String status = entry.outcome().label();
        if (rollout != null) {
            status += "/" + rollout.status().label();
            detail += "; " + rollout.description() + (rollout.failures().isEmpty() ? ""
                    : "; " + rollout.failures().get(0).text());
        }
        return List.of(entry.recordedAt().toString(), orDash(entry.namespace()), orDash(entry.jobId()),
                status, entry.repository() + ":" + entry.tag(), change, detail);
    }

    /** Columns as wide as their longest value, so long job names and tags never shift the columns after them. */
    private static void print(List<List<String>> rows, PrintStream out) {
        int[] widths = new int[HEADINGS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length - 1; i++) {
                line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length() + 2));
            }
            out.println(line.append(row.get(widths.length - 1)).toString().stripTrailing());
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String value(List<String> words, int i, String flag) {
        if (i >= words.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return words.get(i);
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--limit must be a whole number of 1 or more; got \"" + value + "\"");
    }

    private static Outcome outcome(String value) {
        try {
            return Outcome.fromLabel(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--status " + e.getMessage());
        }
    }
}
