package dev.nomaddeployer;

import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.deploy.RetryAnswer;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcTargetQueue;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code nomad-deployer retry NAMESPACE/JOB}: the job's newest push again after a failed decision, written to the
 * store directly (as pause and resume are), so it works whichever replica leads; the leader applies it within a
 * second. Exit 0 when something was put back, 1 with the reason when there was nothing to retry, 2 on bad usage.
 */
final class RetryCommand {
    static final String COMMAND = "retry";
    static final String USAGE = COMMAND + " NAMESPACE/JOB";

    private RetryCommand() {}

    static boolean matches(String[] args) {
        return args.length > 0 && args[0].equals(COMMAND);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        JobKey job = null;
        List<String> global = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (job == null && !args[i].startsWith("-")) {
                Optional<JobKey> parsed = PauseCommand.jobKey(args[i]);
                if (parsed.isEmpty()) {
                    err.println("nomad-deployer retry: expected NAMESPACE/JOB, got \"" + args[i] + "\"");
                    return 2;
                }
                job = parsed.get();
            } else {
                global.add(args[i]);
            }
        }
        if (job == null) {
            err.println("nomad-deployer retry: which job? usage: nomad-deployer " + USAGE);
            return 2;
        }
        Optional<Settings> loaded = CommandSettings.load(COMMAND, USAGE, global, err);
        if (loaded.isEmpty()) {
            return 2;
        }
        Settings settings = loaded.get();
        if (CommandSettings.storeMissing(COMMAND, settings, err,
                "start the service once, or point --store.path at its store")) {
            return 1;
        }
        String name = job.namespace() + "/" + job.jobId();
        try (Database database = Database.open(settings.store())) {
            RetryAnswer answer = new JdbcTargetQueue(database).retry(job,
                    "command line (" + System.getProperty("user.name") + ")", Instant.now());
            if (answer instanceof RetryAnswer.NothingToRetry nothing) {
                err.println("nomad-deployer retry: nothing to retry for " + name + ": " + nothing.why());
                return 1;
            }
            if (!(answer instanceof RetryAnswer.Reentered reentered)) {
                throw new IllegalStateException("no handling for retry answer " + answer);
            }
            for (Target target : reentered.targets()) {
                out.println("retrying " + name + ": " + target.repository() + ":" + target.push().tag()
                        + " is pending again; the leader applies it");
            }
            return 0;
        } catch (StoreException e) {
            err.println("nomad-deployer retry: " + e.getMessage());
            return 1;
        }
    }
}
