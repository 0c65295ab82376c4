package dev.nomaddeployer.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The demo's command line. {@code untilDone}: stop everything once the scenario has ended instead of running
 * until Ctrl-C (what its test runs).
 */
record DemoOptions(Path deployerJar, Path simJar, List<String> javaOptions, boolean untilDone) {
    static final String USAGE = """
            usage: demo/run [--until-done]
              --until-done          stop everything once the example pushes have ended (default: run until Ctrl-C)
              --deployer-jar FILE   the service's jar (demo/run passes deployer/target/nomad-deployer.jar)
              --sim-jar FILE        the Nomad simulator's jar (demo/run passes testbed/target/nomad-sim.jar)
              --java-opts "OPTS"    the service's JVM options, split at spaces (demo/run passes the launcher's)
            """;

    DemoOptions {
        javaOptions = List.copyOf(javaOptions);
    }

    /** Empty for {@code --help}; an {@link IllegalArgumentException} says what is wrong. */
    static Optional<DemoOptions> parse(String... args) {
        Path deployerJar = Path.of("deployer/target/nomad-deployer.jar");
        Path simJar = Path.of("testbed/target/nomad-sim.jar");
        List<String> javaOptions = new ArrayList<>();
        boolean untilDone = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "-h", "--help" -> {
                    return Optional.empty();
                }
                case "--until-done" -> untilDone = true;
                case "--deployer-jar" -> deployerJar = Path.of(value(args, ++i, flag));
                case "--sim-jar" -> simJar = Path.of(value(args, ++i, flag));
                case "--java-opts" -> javaOptions = new ArrayList<>(Arrays.stream(value(args, ++i, flag).split(" "))
                        .filter(option -> !option.isBlank()).toList());
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        return Optional.of(new DemoOptions(deployerJar, simJar, javaOptions, untilDone));
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args[index];
    }
}
