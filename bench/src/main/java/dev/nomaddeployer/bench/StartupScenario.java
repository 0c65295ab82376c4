package dev.nomaddeployer.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code cold-start}: the service starts on an empty store against the fleet. {@code warm-restart}: then it
 * is stopped (SIGTERM), an operator changes {@code --changed} jobs, and it starts again on the store it left.
 * Each start is measured from spawning the JVM to its first answer and to ready, with the Nomad requests it
 * made until then; {@code settled} samples the process once it stopped using CPU.
 */
final class StartupScenario {
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(BenchStage.Setup setup, BenchStage.Start cold, ProcessStats coldSettled, Integer changedJobs,
                  BenchStage.Start warm, ProcessStats warmSettled) {
    }

    private StartupScenario() {
    }

    static Result run(BenchOptions options, Workspace workspace) {
        try (BenchStage stage = new BenchStage(options, workspace)) {
            stage.startSimulator();
            BenchStage.Running cold = stage.startDeployer("nomad-deployer.log", "cold: empty store");
            ProcessStats coldSettled = settle(cold.process());
            if (options.scenario() == Scenario.COLD_START) {
                return new Result(stage.setup(), cold.start(), coldSettled, null, null, null);
            }
            int changed = options.changed();
            BenchRun.progress("changing " + changed + " jobs in Nomad while the service is down");
            for (int i = 0; i < changed; i++) {
                // spread over the fleet, so no shortcut on the first or last jobs listed can hide a full read
                int job = (int) ((long) i * options.jobs() / changed);
                stage.nomad().setJobMeta(BenchFleet.jobId(job), "BENCH_EDIT", "1");
            }
            BenchStage.Running warm = stage.startDeployer("nomad-deployer-restart.log",
                    "warm: the store the first start left, " + changed + " jobs changed since");
            ProcessStats warmSettled = settle(warm.process());
            return new Result(stage.setup(), cold.start(), coldSettled, changed, warm.start(), warmSettled);
        }
    }

    /** Waits until the service is quiet, samples it, and stops it as an orchestrator would (SIGTERM). */
    private static ProcessStats settle(ManagedProcess service) {
        try (service) {
            BenchStage.awaitQuiet(service);
            service.requireAlive("after start-up");
            ProcessStats settled = ProcessStats.of(service.pid());
            BenchRun.progress("stopping nomad-deployer");
            return settled;
        }
    }
}
