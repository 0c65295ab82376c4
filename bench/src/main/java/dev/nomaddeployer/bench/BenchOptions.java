package dev.nomaddeployer.bench;

import java.nio.file.Path;
import java.time.Duration;

/** What to run: sizes of the two load phases and where the packaged jars are. */
public record BenchOptions(int jobs, int repos, int pushes, int paced, Duration pacedInterval, Path deployerJar,
                           Path simJar) {

    static final String USAGE = """
            usage: java -jar nomad-deployer-bench.jar [options]
              --jobs N            Nomad jobs in the simulator (default 200)
              --repos R           repositories the jobs use, job i uses team/svc-(i mod R) (default 50)
              --pushes K          burst: pushes sent back to back (default 2000)
              --paced P           paced phase: pushes sent one per interval (default 100)
              --interval-ms MS    paced phase interval (default 50)
              --deployer-jar PATH (default deployer/target/nomad-deployer.jar)
              --sim-jar PATH      (default testbed/target/nomad-sim.jar)""";

    public static BenchOptions defaults() {
        return new BenchOptions(200, 50, 2000, 100, Duration.ofMillis(50),
                Path.of("deployer/target/nomad-deployer.jar"), Path.of("testbed/target/nomad-sim.jar"));
    }

    /** Parses {@code --name value} pairs over the defaults; a wrong option or value names the option. */
    public static BenchOptions parse(String... args) {
        BenchOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + flag + " needs a value");
            }
            String value = args[++i];
            o = switch (flag) {
                case "--jobs" -> new BenchOptions(positive(flag, value), o.repos, o.pushes, o.paced, o.pacedInterval,
                        o.deployerJar, o.simJar);
                case "--repos" -> new BenchOptions(o.jobs, positive(flag, value), o.pushes, o.paced, o.pacedInterval,
                        o.deployerJar, o.simJar);
                case "--pushes" -> new BenchOptions(o.jobs, o.repos, positive(flag, value), o.paced, o.pacedInterval,
                        o.deployerJar, o.simJar);
                case "--paced" -> new BenchOptions(o.jobs, o.repos, o.pushes, positive(flag, value), o.pacedInterval,
                        o.deployerJar, o.simJar);
                case "--interval-ms" -> new BenchOptions(o.jobs, o.repos, o.pushes, o.paced,
                        Duration.ofMillis(positive(flag, value)), o.deployerJar, o.simJar);
                case "--deployer-jar" -> new BenchOptions(o.jobs, o.repos, o.pushes, o.paced, o.pacedInterval,
                        Path.of(value), o.simJar);
                case "--sim-jar" -> new BenchOptions(o.jobs, o.repos, o.pushes, o.paced, o.pacedInterval,
                        o.deployerJar, Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        if (o.repos > o.jobs) {
            throw new IllegalArgumentException("--repos " + o.repos + " exceeds --jobs " + o.jobs
                    + ": every repository needs at least one job, or its pushes could never be applied");
        }
        return o;
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
}
