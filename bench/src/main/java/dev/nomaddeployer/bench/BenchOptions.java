package dev.nomaddeployer.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What to run: sizes of the two load phases, where the packaged jars are, and how much the service logs
 * ({@code logsDir}: where both processes' output is copied at the end, for a look at what happened).
 */
public record BenchOptions(int jobs, int repos, int pushes, int paced, Duration pacedInterval, Path deployerJar,
                           Path simJar, Optional<Path> jvmOptions, String deployerLogLevel, Optional<Path> logsDir) {

    static final String USAGE = """
            usage: java -jar nomad-deployer-bench.jar [options]
              --jobs N            Nomad jobs in the simulator (default 200)
              --repos R           repositories the jobs use, job i uses team/svc-(i mod R) (default 50)
              --pushes K          burst: pushes sent back to back (default 2000)
              --paced P           paced phase: pushes sent one per interval (default 100)
              --interval-ms MS    paced phase interval (default 50)
              --deployer-jar PATH (default deployer/target/nomad-deployer.jar)
              --sim-jar PATH      (default testbed/target/nomad-sim.jar)
              --jvm-options FILE  the service's JVM flags, a java @argument file (default config/jvm.options,
                                  what the launcher and the image use; "none" = the JVM's defaults)
              --log-level LEVEL   the service's log.level (default warn; info logs every redeploy)
              --logs DIR          copy both processes' output to DIR when the run ends""";

    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    /** Parses {@code --name value} pairs over the defaults; a wrong option or value names the option. */
    public static BenchOptions parse(String... args) {
        int jobs = 200;
        int repos = 50;
        int pushes = 2000;
        int paced = 100;
        Duration interval = Duration.ofMillis(50);
        Path deployerJar = Path.of("deployer/target/nomad-deployer.jar");
        Path simJar = Path.of("testbed/target/nomad-sim.jar");
        Optional<Path> jvmOptions = Optional.of(Path.of("config/jvm.options"));
        String logLevel = "warn";
        Optional<Path> logs = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--jobs" -> jobs = positive(flag, value);
                case "--repos" -> repos = positive(flag, value);
                case "--pushes" -> pushes = positive(flag, value);
                case "--paced" -> paced = positive(flag, value);
                case "--interval-ms" -> interval = Duration.ofMillis(positive(flag, value));
                case "--deployer-jar" -> deployerJar = Path.of(value);
                case "--sim-jar" -> simJar = Path.of(value);
                case "--jvm-options" -> jvmOptions = value.equals("none") ? Optional.empty() : Optional.of(Path.of(value));
                case "--log-level" -> logLevel = logLevel(value);
                case "--logs" -> logs = Optional.of(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (repos > jobs) {
            throw new IllegalArgumentException("--repos " + repos + " exceeds --jobs " + jobs
                    + ": every repository needs at least one job, or its pushes could never be applied");
        }
        return new BenchOptions(jobs, repos, pushes, paced, interval, deployerJar, simJar, jvmOptions, logLevel, logs);
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("option " + flag + " needs a whole number above 0, got \"" + value + "\"");
    }

    private static String logLevel(String value) {
        if (!LOG_LEVELS.contains(value)) {
            throw new IllegalArgumentException("option --log-level needs one of trace, debug, info, warn, error, got \""
                    + value + "\"");
        }
        return value;
    }
}
