package dev.nomaddeployer;

import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcRestraints;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code nomad-deployer pause NAMESPACE/JOB [--reason TEXT]} and {@code nomad-deployer resume NAMESPACE/JOB}: the
 * operator's switches, written to the store directly (as the history command reads it), so they work whether or
 * not the service runs and whichever replica leads. Who may use them is who may open the store.
 */
final class PauseCommand {
    static final String PAUSE = "pause";
    static final String RESUME = "resume";
    static final String USAGE = PAUSE + " NAMESPACE/JOB [--reason TEXT] | " + RESUME + " NAMESPACE/JOB";

    private PauseCommand() {}

    static boolean matches(String[] args) {
        return args.length > 0 && (args[0].equals(PAUSE) || args[0].equals(RESUME));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args[0];
        JobKey job = null;
        String reason = "paused by an operator";
        List<String> global = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] flag = args[i].split("=", 2);
            if (command.equals(PAUSE) && flag[0].equals("--reason")) {
                if (flag.length == 1 && i + 1 >= args.length) {
                    err.println("nomad-deployer pause: --reason needs a value");
                    return 2;
                }
                reason = flag.length == 2 ? flag[1] : args[++i];
            } else if (job == null && !args[i].startsWith("-")) {
                Optional<JobKey> parsed = jobKey(args[i]);
                if (parsed.isEmpty()) {
                    err.println("nomad-deployer " + command + ": expected NAMESPACE/JOB, got \"" + args[i] + "\"");
                    return 2;
                }
                job = parsed.get();
            } else {
                global.add(args[i]);
            }
        }
        if (job == null) {
            err.println("nomad-deployer " + command + ": which job? usage: nomad-deployer " + USAGE);
            return 2;
        }
        Optional<Settings> loaded = CommandSettings.load(command, USAGE, global, err);
        if (loaded.isEmpty()) {
            return 2;
        }
        Settings settings = loaded.get();
        if (CommandSettings.storeMissing(command, settings, err,
                "start the service once, or point --store.path at its store")) {
            return 1;
        }
        try (Database database = Database.open(settings.store())) {
            JdbcRestraints restraints = new JdbcRestraints(database);
            String name = job.namespace() + "/" + job.jobId();
            if (command.equals(PAUSE)) {
                boolean changed = restraints.pause(job, reason, "command line (" + System.getProperty("user.name")
                        + ")", Instant.now());
                out.println(changed ? "paused " + name + ": pushes are recorded as skipped until it is resumed"
                        : name + " was paused already");
            } else {
                out.println(restraints.resume(job, "command line (" + System.getProperty("user.name") + ")",
                        Instant.now()) ? "resumed " + name + ": the next push is deployed as usual"
                        : name + " was not paused");
            }
            return 0;
        } catch (StoreException e) {
            err.println("nomad-deployer " + command + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code NAMESPACE/JOB}; job IDs may contain further slashes, namespaces may not. */
    static Optional<JobKey> jobKey(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new JobKey(text.substring(0, slash), text.substring(slash + 1)));
    }
}
