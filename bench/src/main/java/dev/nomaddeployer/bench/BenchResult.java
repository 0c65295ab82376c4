package dev.nomaddeployer.bench;

/** Every figure of one run; printed as text and as one JSON line. */
public record BenchResult(Setup setup, Startup startup, Burst burst, Paced paced, Resources deployer) {

    /**
     * What ran where. The load averages show whether something else shared the CPUs during the run, which
     * moves every figure here.
     */
    public record Setup(int jobs, int repos, int pushes, int pacedPushes, long pacedIntervalMs, int cpus,
                        String java, String os, String deployerJvmFlags, double loadAverageBefore,
                        double loadAverageAfter) {
    }

    /** From spawning each JVM until it served (the service: until ready on /ready, or /health before /ready). */
    public record Startup(double deployerMs, double simulatorMs) {
    }

    /**
     * Pushes sent back to back. {@code idleSeconds}: first push sent until every job shows the last tag
     * pushed for its repository; {@code drainMs}: the part of that after the last acknowledgement;
     * {@code quietSeconds}: first push sent until the service stopped using CPU (older, superseded targets
     * decided too), -1 if it did not within a minute.
     */
    public record Burst(int pushes, LatencySummary ack, double acksPerSecond, double sendSeconds,
                        double idleSeconds, double drainMs, double quietSeconds) {
    }

    /**
     * Pushes sent at a fixed pace. {@code pushToRegister}: per push, from sending it until every job using
     * the repository shows the tag; {@code jobToRegister}: the same per job. {@code allAppliedSeconds}: first
     * push sent until the last job showed its tag; far above pushes x interval means the pushes queued.
     */
    public record Paced(int pushes, long intervalMs, LatencySummary ack, LatencySummary pushToRegister,
                        LatencySummary jobToRegister, double allAppliedSeconds) {
    }

    /** The service process, sampled after start-up, after the burst settled and after the paced phase. */
    public record Resources(ProcessStats afterStartup, ProcessStats afterBurst, ProcessStats afterPaced) {
    }
}
