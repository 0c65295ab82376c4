package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** One benchmark run: start both processes, drive the two load phases, sample the service, stop everything. */
final class BenchRun {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration PACED_GRACE = Duration.ofSeconds(60);
    private static final Duration LIST_POLL = Duration.ofMillis(20);
    private static final Duration QUIET_WINDOW = Duration.ofMillis(500);
    private static final Duration QUIET_CPU = Duration.ofMillis(20);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);
    private static final String BURST_TAGS = "1.0.";
    private static final String PACED_TAGS = "2.0.";

    private final BenchOptions options;
    private final BenchFleet fleet;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the registry speaks HTTP/1.1; no h2c upgrade dance
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    BenchRun(BenchOptions options) {
        this.options = options;
        this.fleet = new BenchFleet(options.jobs(), options.repos());
    }

    BenchResult run(Workspace workspace) {
        progress("starting nomad-sim with " + fleet.jobCount() + " jobs over " + fleet.repoCount() + " repositories");
        Services.Started sim = Services.startSimulator(options.simJar(), writeJobs(workspace), workspace);
        try (ManagedProcess simProcess = sim.process()) {
            progress("starting nomad-deployer");
            Services.StartedDeployer deployer = Services.startDeployer(options.deployerJar(), options.javaOptions(),
                    options.deployerLogLevel(), sim.baseUrl(), workspace, http, "nomad-deployer.log");
            try (ManagedProcess service = deployer.process()) {
                BenchResult result = drive(sim, deployer);
                progress("stopping both processes");
                return result;
            } catch (BenchFailure e) {
                progress("last output of nomad-deployer:\n" + deployer.process().logTail(20));
                throw e;
            }
        }
    }

    private BenchResult drive(Services.Started sim, Services.StartedDeployer deployer) {
        double loadBefore = loadAverage();
        ManagedProcess service = deployer.process();
        ProcessStats afterStartup = ProcessStats.of(service.pid());
        NotificationSender sender = new NotificationSender(http, json, PushEnvelope.fromCapture(json), deployer.baseUrl());
        NomadObserver nomad = new NomadObserver(http, json, sim.baseUrl());

        progress("burst: " + options.pushes() + " pushes back to back");
        BenchResult.Burst burst = burst(sender, nomad, service);
        ProcessStats afterBurst = ProcessStats.of(service.pid());

        progress("paced: " + options.paced() + " pushes, one every " + options.pacedInterval().toMillis() + " ms");
        BenchResult.Paced paced = paced(sender, nomad, service);
        service.requireAlive("at the end of the run");
        ProcessStats afterPaced = ProcessStats.of(service.pid());

        return new BenchResult(setup(loadBefore, loadAverage()),
                new BenchResult.Startup(millis(deployer.startup().toNanos()), millis(sim.startup().toNanos())),
                burst, paced, new BenchResult.Resources(afterStartup, afterBurst, afterPaced));
    }

    private BenchResult.Burst burst(NotificationSender sender, NomadObserver nomad, ManagedProcess service) {
        int count = options.pushes();
        long[] acks = new long[count];
        String[] lastTag = new String[fleet.repoCount()];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int repo = i % fleet.repoCount();
            String tag = BURST_TAGS + i;
            acks[i] = send(sender, service, BenchFleet.repository(repo), tag);
            lastTag[repo] = tag;
        }
        long lastAck = System.nanoTime();
        service.requireAlive("during the burst");
        Map<String, String> expected = new LinkedHashMap<>();
        for (int job = 0; job < fleet.jobCount(); job++) {
            String tag = lastTag[fleet.repoOfJob(job)];
            expected.put(BenchFleet.jobId(job), tag != null ? tag : BenchFleet.INITIAL_VERSION);
        }
        long idle = nomad.awaitVersions(expected, LIST_POLL, IDLE_TIMEOUT, service);
        // the paced phase measures latency, not the tail of this burst's queue
        long quiet = ProcessStats.awaitQuiet(service, QUIET_WINDOW, QUIET_CPU, QUIET_TIMEOUT);
        double sendSeconds = (lastAck - start) / 1e9;
        return new BenchResult.Burst(count, LatencySummary.ofNanos(acks), round(count / sendSeconds),
                round(sendSeconds), round((idle - start) / 1e9), millis(Math.max(0, idle - lastAck)),
                quiet < 0 ? -1 : round((Math.max(quiet, idle) - start) / 1e9));
    }

    private record SentPush(String tag, long sentNanos, List<NomadObserver.Watch> watches) {
    }

    private BenchResult.Paced paced(NotificationSender sender, NomadObserver nomad, ManagedProcess service) {
        int count = options.paced();
        long interval = options.pacedInterval().toNanos();
        long start = System.nanoTime();
        long deadline = start + count * interval + PACED_GRACE.toNanos();
        long[] acks = new long[count];
        List<SentPush> sent = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            waitUntil(start + p * interval);
            int repo = p % fleet.repoCount();
            Predicate<String> reached = reachedPacedPush(p);
            List<NomadObserver.Watch> watches = fleet.jobsUsing(repo).stream()
                    .map(id -> nomad.watch(id, reached, deadline)).toList();
            // each job's first read is in, so the blocking queries wake on the register itself
            await(CompletableFuture.allOf(watches.stream().map(NomadObserver.Watch::primed)
                    .toArray(CompletableFuture[]::new)), Duration.ofSeconds(5), "first read of the watched jobs");
            long sentAt = System.nanoTime();
            acks[p] = send(sender, service, BenchFleet.repository(repo), PACED_TAGS + p);
            sent.add(new SentPush(PACED_TAGS + p, sentAt, watches));
        }
        List<Long> perPush = new ArrayList<>();
        List<Long> perJob = new ArrayList<>();
        long lastApplied = start;
        for (SentPush push : sent) {
            long slowest = 0;
            for (NomadObserver.Watch watch : push.watches()) {
                long applied = await(watch.applied(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                        "push of tag " + push.tag());
                perJob.add(applied - push.sentNanos());
                slowest = Math.max(slowest, applied - push.sentNanos());
                lastApplied = Math.max(lastApplied, applied);
            }
            perPush.add(slowest);
        }
        service.requireAlive("during the paced phase");
        return new BenchResult.Paced(count, options.pacedInterval().toMillis(), LatencySummary.ofNanos(acks),
                LatencySummary.ofNanos(toArray(perPush)), LatencySummary.ofNanos(toArray(perJob)),
                round((lastApplied - start) / 1e9));
    }

    /** A refused connection is reported as what it most likely means: the service died. */
    private static long send(NotificationSender sender, ManagedProcess service, String repository, String tag) {
        try {
            return sender.send(repository, tag);
        } catch (BenchFailure e) {
            service.requireAlive("while pushing " + repository + ":" + tag);
            throw e;
        }
    }

    /** A later paced push to the same repository may overtake this one; the job is then past it, not behind. */
    private static Predicate<String> reachedPacedPush(int p) {
        return version -> {
            if (!version.startsWith(PACED_TAGS)) {
                return false;
            }
            try {
                return Integer.parseInt(version.substring(PACED_TAGS.length())) >= p;
            } catch (NumberFormatException e) {
                return false;
            }
        };
    }

    private Path writeJobs(Workspace workspace) {
        Path file = workspace.file("jobs.json");
        try {
            json.writeValue(file.toFile(), fleet.simulatorJobs(json));
        } catch (IOException e) {
            throw new BenchFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private BenchResult.Setup setup(double loadBefore, double loadAfter) {
        return new BenchResult.Setup(options.jobs(), options.repos(), options.pushes(), options.paced(),
                options.pacedInterval().toMillis(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                String.join(" ", options.javaOptions()), loadBefore, loadAfter);
    }

    /** One-minute load average of the machine; -1 where the OS does not tell. */
    private static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage() * 100) / 100.0;
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BenchFailure failure ? failure
                    : new BenchFailure(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BenchFailure(what + ": no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while waiting for " + what);
        }
    }

    private static void waitUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static void progress(String message) {
        System.err.println("bench: " + message);
    }
}
