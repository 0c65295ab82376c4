package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.testbed.go.GoJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone simulator:
 * {@code java -jar nomad-sim.jar --port 4646 [--jobs jobs.json] [--token SECRET] [--nomad-version 2.0]}.
 */
public final class NomadSimMain {
    private NomadSimMain() {
    }

    public static void main(String[] args) throws Exception {
        NomadSim.Builder builder = NomadSim.builder().port(4646);
        Path jobs = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                System.out.println("usage: java -jar nomad-sim.jar [--port 4646] [--jobs jobs.json] "
                        + "[--token SECRET] [--nomad-version 1.8|1.10|2.0]");
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
                default -> fail("unknown option " + flag
                        + " (known: --port, --jobs, --token, --nomad-version)");
            }
        }
        NomadSim sim = builder.build();
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
