package dev.nomaddeployer.demo;

import dev.nomaddeployer.bench.BenchFailure;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code demo/run}: the example cluster (registry, Nomad simulator, service with its UI), a few pushes that end
 * as a newcomer should see them, then the address to open; runs until Ctrl-C, or with {@code --until-done}
 * stops once the pushes have ended. Exit 1 when a push did not end as described, 2 on a wrong option.
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) {
        Optional<DemoOptions> options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.isEmpty()) {
            System.out.print(DemoOptions.USAGE);
            return;
        }
        CountDownLatch interrupted = new CountDownLatch(1);
        Consumer<Demo> whileRunning = options.get().untilDone() ? demo -> { } : demo -> awaitQuietly(interrupted);
        boolean asDescribed;
        try {
            asDescribed = run(options.get(), System.out, whileRunning, interrupted);
        } catch (BenchFailure e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("demo: " + e);
            System.exit(1);
            return;
        }
        System.exit(asDescribed ? 0 : 1);
    }

    /**
     * Starts the cluster, plays the story, prints what to look at, runs {@code whileRunning} and stops everything;
     * a shutdown hook (Ctrl-C) stops it too and then counts {@code interrupted} down. True when every push ended
     * as described.
     */
    static boolean run(DemoOptions options, PrintStream out, Consumer<Demo> whileRunning, CountDownLatch interrupted) {
        Demo demo = new Demo(out);
        Thread stopper = new Thread(() -> {
            out.println("demo: stopping the service, the simulator and the registry");
            demo.close();
            interrupted.countDown();
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            demo.start(options);
            List<DeploymentsWatch.Reached> ends = demo.playStory();
            printEnds(out, ends);
            printWhereToLook(out, demo);
            whileRunning.accept(demo);
            return ends.stream().allMatch(DeploymentsWatch.Reached::ok);
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already (Ctrl-C) and has closed the demo
            }
        }
    }

    private static void printEnds(PrintStream out, List<DeploymentsWatch.Reached> ends) {
        out.println();
        for (DeploymentsWatch.Reached end : ends) {
            Expectation expected = end.expected();
            String mark = end.ok() ? "ok  " : "NOT ";
            out.println(mark + expected.jobRef() + " " + expected.tag() + ": " + end.actual().orElse("no decision yet")
                    + (end.ok() ? "" : " (expected " + expected.outcome() + ")"));
            out.println("      " + expected.story() + (end.message().isEmpty() ? "" : "\n      nomad-deployer: " + end.message()));
        }
    }

    private static void printWhereToLook(PrintStream out, Demo demo) {
        out.println();
        String look = demo.lookAt().toString();
        if (look.endsWith("/ui/")) {
            out.println("Open " + look + " — the overview, the jobs, each job's timeline, the history.");
            out.println("  Pause/resume/retry a job on its page with the token " + demo.uiToken());
        } else {
            out.println("This build has no web UI; the API answers at " + look + " (with the header below)");
        }
        out.println("  History: curl -s -H 'Authorization: " + demo.apiAuthorization() + "' "
                + demo.service().resolve("/api/v1/deployments") + " | jq");
        String web = "docker://" + demo.registryHost() + "/shop/web";
        out.println("  Push another tag and watch web roll out (plain HTTP, no login):");
        out.println("    skopeo copy --src-tls-verify=false --dest-tls-verify=false " + web + ":1.5.0 " + web + ":1.6.0");
        out.println("  Logs and store: " + demo.directory() + " (removed on exit)");
        out.println("Ctrl-C stops everything.");
    }

    private static void awaitQuietly(CountDownLatch interrupted) {
        try {
            interrupted.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
