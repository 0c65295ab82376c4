package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * What every production-scale scenario stands on: nomad-sim with the fleet, started once, and the service
 * started (and restarted) against it as a separate process; plus the clients that load and watch them.
 */
final class BenchStage implements AutoCloseable {
    /** A start-up of the service as the scenarios report it; {@code readyPath} is /ready, or /health before it. */
    record Start(String readyPath, double listenerMs, double readyMs, long nomadRequests, RequestTally nomadRequestsByEndpoint,
                 ProcessStats atReady) {
    }

    /** What ran where and when; a 1-minute load average above {@code cpus} means other work shared the CPUs. */
    record Setup(String scenario, int jobs, int repos, int cpus, String java, String os, String started,
                 String deployerJavaOptions, String store, double loadAverageBefore, double loadAverageAfter) {
    }

    static final Duration QUIET_WINDOW = Duration.ofMillis(500);
    static final Duration QUIET_CPU = Duration.ofMillis(20);
    static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);

    final BenchOptions options;
    final Workspace workspace;
    final BenchFleet fleet;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the registry speaks HTTP/1.1; no h2c upgrade dance
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    private final double loadBefore = loadAverage();
    private Services.Started sim;
    private NomadObserver nomad;

    BenchStage(BenchOptions options, Workspace workspace) {
        this.options = options;
        this.workspace = workspace;
        this.fleet = new BenchFleet(options.jobs(), options.repos());
    }

    void startSimulator() {
        BenchRun.progress("starting nomad-sim with " + fleet.jobCount() + " jobs over " + fleet.repoCount()
                + " repositories");
        Path jobs = workspace.file("jobs.json");
        try {
            json.writeValue(jobs.toFile(), fleet.simulatorJobs(json));
        } catch (IOException e) {
            throw new BenchFailure("cannot write " + jobs + ": " + e.getMessage(), e);
        }
        sim = Services.startSimulator(options.simJar(), jobs, workspace);
        nomad = new NomadObserver(http, json, sim.baseUrl());
    }

    NomadObserver nomad() {
        return nomad;
    }

    Services.Started simulator() {
        return sim;
    }

    /** A started service and how its start went; the caller closes {@code deployer.process()}. */
    record Running(Services.StartedDeployer deployer, Start start) {
        ManagedProcess process() {
            return deployer.process();
        }
    }

    /** Starts the service and measures its start-up: time to listener and to ready, Nomad requests until ready. */
    Running startDeployer(String logName, String what) {
        BenchRun.progress("starting nomad-deployer (" + what + ")");
        RequestTally before = nomad.requestTally();
        Services.StartedDeployer deployer = Services.startDeployer(options.deployerJar(), options.javaOptions(),
                options.deployerLogLevel(), sim.baseUrl(), workspace, http, logName);
        try {
            RequestTally requests = nomad.requestTally().minus(before);
            ProcessStats stats = ProcessStats.of(deployer.process().pid());
            Start start = new Start(deployer.readiness().readyPath(), round(deployer.listenerMs()),
                    round(deployer.readyMs()), requests.total(), requests, stats);
            BenchRun.progress(String.format(Locale.ROOT, "ready on %s after %.0f ms (listener after %.0f ms), %d Nomad"
                    + " requests", start.readyPath(), start.readyMs(), start.listenerMs(), start.nomadRequests()));
            return new Running(deployer, start);
        } catch (RuntimeException e) {
            deployer.process().close();
            throw e;
        }
    }

    /** Waits until the service stops using CPU: whatever its start or the last phase left to do is done. */
    static void awaitQuiet(ManagedProcess service) {
        if (ProcessStats.awaitQuiet(service, QUIET_WINDOW, QUIET_CPU, QUIET_TIMEOUT) < 0) {
            BenchRun.progress("nomad-deployer kept using CPU for " + QUIET_TIMEOUT.toSeconds() + " s; going on");
        }
    }

    Setup setup() {
        return new Setup(options.scenario().label(), options.jobs(), options.repos(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                started, String.join(" ", options.javaOptions()), options.store().label(), loadBefore, loadAverage());
    }

    /** One-minute load average of the machine; -1 where the OS does not tell. */
    static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.process().close();
        }
    }
}
