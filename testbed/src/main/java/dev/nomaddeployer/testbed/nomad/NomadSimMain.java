package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.testbed.go.GoJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator:
 * {@code java -jar nomad-sim.jar --port 4646 [--jobs jobs.json] [--token SECRET] [--nomad-version 2.0]
 * [--unhealthy-when-meta KEY=VALUE]...}.
 */
public final class NomadSimMain {
    private NomadSimMain() {
    }

    public static void main(String[] args) throws Exception {
        NomadSim.Builder builder = NomadSim.builder().port(4646);
        Path jobs = null;
        List<DeploymentRule> unhealthy = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                System.out.println("usage: java -jar nomad-sim.jar [--port 4646] [--jobs jobs.json] "
                        + "[--token SECRET] [--nomad-version 1.8|1.10|2.0] [--unhealthy-when-meta KEY=VALUE]...");
                return;
            }
            if (i + 1 >= args.length) {
                fail("option " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> builder.port(parsePort(value));
                case "--jobs" -> jobs = Path.of(value);
                case "--token" -> builder.managementToken(value);
                case "--nomad-version" -> builder.nomadVersion(NomadVersion.parse(value));
                case "--unhealthy-when-meta" -> unhealthy.add(metaRule(value));
                default -> fail("unknown option " + flag
                        + " (known: --port, --jobs, --token, --nomad-version, --unhealthy-when-meta)");
            }
        }
        NomadSim sim = builder.build();
        if (!unhealthy.isEmpty()) {
            sim.deploymentRule(firstFailure(unhealthy));
        }
        if (jobs != null) {
            sim.loadJobs(readJobs(jobs));
        }
        sim.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.stop();
            stopped.countDown();
        }, "nomad-sim-shutdown"));
        System.out.println("nomad-sim listening on " + sim.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** {@code KEY=VALUE}: versions whose job meta KEY is VALUE never turn healthy (a broken release, for a demo). */
    private static DeploymentRule metaRule(String value) {
        int equals = value.indexOf('=');
        if (equals <= 0) {
            fail("--unhealthy-when-meta takes KEY=VALUE, got '" + value + "'");
        }
        return DeploymentRule.failWhenMeta(value.substring(0, equals), value.substring(equals + 1));
    }

    /** The first rule that fails a version decides; a version none of them fails succeeds. */
    private static DeploymentRule firstFailure(List<DeploymentRule> rules) {
        return job -> rules.stream().map(rule -> rule.outcomeFor(job))
                .filter(outcome -> outcome instanceof DeploymentRule.Fail).findFirst()
                .orElse(new DeploymentRule.Succeed());
    }

    private static JsonNode readJobs(Path file) {
        try {
            return GoJson.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            fail("cannot read --jobs file " + file + ": " + e.getMessage());
            return null;
        }
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            fail("--port must be a number, got '" + value + "'");
            return 0;
        }
    }

    private static void fail(String message) {
        System.err.println("nomad-sim: " + message);
        System.exit(2);
    }
}
