package dev.nomaddeployer.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to run: the scenario and its sizes, where the packaged jars are, how the service's JVM is started and
 * how much it logs ({@code logsDir}: where both processes' output is copied at the end). Fields a scenario
 * does not use keep their defaults.
 */
public record BenchOptions(Scenario scenario, int jobs, int repos, int pushes, int paced, Duration pacedInterval,
                           double pacedRate, int senders, int warmup, int changed, Path deployerJar, Path simJar,
                           List<String> javaOptions, String deployerLogLevel, Optional<Path> logsDir,
                           StoreKind store) {

    static final String USAGE = """
            usage: java -jar nomad-deployer-bench.jar [--scenario NAME] [options]
              --scenario NAME     burst (default), cold-start, warm-restart or scale
            every scenario:
              --jobs N            Nomad jobs in the simulator (default 200 for burst, 10000 otherwise)
              --repos R           repositories, job i uses team/svc-(i mod R) (default 50 for burst, N otherwise:
                                  every job its own repository)
              --deployer-jar PATH (default deployer/target/nomad-deployer.jar)
              --sim-jar PATH      (default testbed/target/nomad-sim.jar)
              --java-opts "OPTS"  the service's JVM options, split at spaces (default "@config/jvm.options",
                                  the flags the launcher and the image use; "" = the JVM's defaults)
              --log-level LEVEL   the service's log.level (default warn; info logs every redeploy)
              --logs DIR          copy both processes' output to DIR when the run ends
              --store KIND        sqlite (default: a file in the run's directory) or postgresql (a PostgreSQL
                                  server from Debian's package, started for the run and removed after it)
            burst:
              --pushes K          pushes sent back to back (default 2000)
              --paced P           then P pushes, one per interval (default 100)
              --interval-ms MS    paced interval (default 50)
            warm-restart:
              --changed C         jobs an operator changes while the service is stopped (default 100)
            scale:
              --warmup W          pushes from the senders before anything is measured (default 1000)
              --paced P           paced phase: P pushes from one sender (default 1000)
              --paced-rate RATE   paced phase: pushes per second (default 100)
              --pushes K          saturation phase: K pushes (default 1000)
              --senders S         saturation phase: concurrent senders (default 8)""";

    private static final Set<String> COMMON = Set.of("--scenario", "--jobs", "--repos", "--deployer-jar", "--sim-jar",
            "--java-opts", "--log-level", "--logs", "--store");
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    /** Parses {@code --name value} pairs over the defaults; a wrong option or value names the option. */
    public static BenchOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            given.put(args[i], args[i + 1]);
        }
        Scenario scenario = given.containsKey("--scenario") ? Scenario.parse(given.get("--scenario")) : Scenario.BURST;
        for (String flag : given.keySet()) {
            if (!COMMON.contains(flag) && !scenario.ownOptions().contains(flag)) {
                boolean known = Arrays.stream(Scenario.values()).anyMatch(s -> s.ownOptions().contains(flag));
                throw new IllegalArgumentException(known ? "option " + flag + " does not apply to --scenario "
                        + scenario.label() : "unknown option " + flag);
            }
        }
        boolean scale = scenario == Scenario.SCALE;
        int jobs = positive(given, "--jobs", scenario.defaultJobs());
        int repos = positive(given, "--repos", scenario == Scenario.BURST ? Math.min(50, jobs) : jobs);
        if (repos > jobs) {
            throw new IllegalArgumentException("--repos " + repos + " exceeds --jobs " + jobs
                    + ": every repository needs at least one job, or its pushes could never be applied");
        }
        int pushes = positive(given, "--pushes", scale ? 1000 : 2000);
        int paced = positive(given, "--paced", scale ? 1000 : 100);
        Duration interval = Duration.ofMillis(positive(given, "--interval-ms", 50));
        double rate = rate(given.getOrDefault("--paced-rate", "100"));
        int senders = positive(given, "--senders", 8);
        int warmup = positive(given, "--warmup", 1000);
        int changed = positive(given, "--changed", 100);
        if (scenario == Scenario.WARM_RESTART && changed > jobs) {
            throw new IllegalArgumentException("--changed " + changed + " exceeds --jobs " + jobs);
        }
        Path deployerJar = Path.of(given.getOrDefault("--deployer-jar", "deployer/target/nomad-deployer.jar"));
        Path simJar = Path.of(given.getOrDefault("--sim-jar", "testbed/target/nomad-sim.jar"));
        List<String> javaOptions = Arrays.stream(given.getOrDefault("--java-opts", "@config/jvm.options").trim().split("\\s+"))
                .filter(o -> !o.isEmpty()).map(BenchOptions::absoluteArgumentFile).toList();
        String logLevel = logLevel(given.getOrDefault("--log-level", "warn"));
        Optional<Path> logs = Optional.ofNullable(given.get("--logs")).map(Path::of);
        return new BenchOptions(scenario, jobs, repos, pushes, paced, interval, rate, senders, warmup, changed,
                deployerJar, simJar, javaOptions, logLevel, logs, StoreKind.parse(given.getOrDefault("--store", "sqlite")));
    }

    /**
     * The service runs in its own temporary directory, so a {@code @file} of JVM options given relative to where
     * the benchmark was started is made absolute; the JVM would not find it otherwise.
     */
    static String absoluteArgumentFile(String option) {
        if (!option.startsWith("@") || Path.of(option.substring(1)).isAbsolute()) {
            return option;
        }
        return "@" + Path.of(option.substring(1)).toAbsolutePath().normalize();
    }

    private static int positive(Map<String, String> given, String flag, int fallback) {
        String value = given.get(flag);
        if (value == null) {
            return fallback;
        }
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

    private static double rate(String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && !Double.isInfinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("option --paced-rate needs a number of pushes per second above 0, got \""
                + value + "\"");
    }

    private static String logLevel(String value) {
        if (!LOG_LEVELS.contains(value)) {
            throw new IllegalArgumentException("option --log-level needs one of trace, debug, info, warn, error, got \""
                    + value + "\"");
        }
        return value;
    }
}
