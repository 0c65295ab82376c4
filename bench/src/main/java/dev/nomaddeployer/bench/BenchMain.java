package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * Push-to-rollout benchmark: the packaged service and nomad-sim as separate processes, loaded the way a
 * registry loads it. Prints figures; fails (exit 1) only when something broke, never because of a number.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Workspace workspace = Workspace.create(options.store());
        Thread cleanup = new Thread(() -> {
            ManagedProcess.stopAll();
            workspace.close();
        }, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int status;
        try {
            ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
            switch (options.scenario()) {
                case BURST -> {
                    BenchResult result = new BenchRun(options).run(workspace);
                    System.out.print(Report.text(result));
                    System.out.println(json.writeValueAsString(result));
                }
                case COLD_START, WARM_RESTART -> {
                    StartupScenario.Result result = StartupScenario.run(options, workspace);
                    System.out.print(Report.startup(result));
                    System.out.println(json.writeValueAsString(result));
                }
                case SCALE -> {
                    ScaleScenario.Result result = ScaleScenario.run(options, workspace);
                    System.out.print(Report.scale(result));
                    System.out.println(json.writeValueAsString(result));
                }
            }
            status = 0;
        } catch (BenchFailure e) {
            System.err.println("bench: FAILED: " + e.getMessage());
            status = 1;
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            ManagedProcess.stopAll();
            options.logsDir().ifPresent(workspace::copyLogsTo);
            workspace.close();
        }
        System.exit(status);
    }
}
