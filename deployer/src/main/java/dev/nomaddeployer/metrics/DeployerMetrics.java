package dev.nomaddeployer.metrics;

import dev.nomaddeployer.deploy.DecisionTally;
import dev.nomaddeployer.deploy.DeployWindows;
import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.leadership.Leadership;
import dev.nomaddeployer.leadership.LeaseStore;
import dev.nomaddeployer.nomad.NomadCall;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryAnswer;
import dev.nomaddeployer.registryapi.RegistryReader;
import dev.nomaddeployer.notify.DeliveryObserver;
import dev.nomaddeployer.notify.NoticeOutbox;
import dev.nomaddeployer.rollout.RolloutStatus;
import dev.nomaddeployer.rollout.Rollouts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every figure {@code GET /metrics} shows (the table is in docs/metrics.md), and the one place that names them.
 * Components report through one call each ({@link #pushesReceived}, {@link #notificationAnswered},
 * {@link #nomadRequest}, {@link #storeCommit}); what the store and the index already know (queue depth,
 * decisions, index size) is read when Prometheus scrapes, so it costs nothing between scrapes and is never stale.
 * Label values come from closed sets (enums, status codes), never from job or repository names.
 */
public final class DeployerMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeployerMetrics.class);
    private static final String PREFIX = "nomad_deployer.";
    /** Nomad answers in about a millisecond nearby and in seconds when it struggles; the time-out is 10 s by default. */
    private static final Duration[] NOMAD_BUCKETS = durations(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    /** A commit is one or two fsyncs: well under a millisecond on SSDs, tens of milliseconds on network disks. */
    private static final Duration[] COMMIT_BUCKETS = durations(0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<PushResult, Counter> pushes = new EnumMap<>(PushResult.class);
    private final Map<Integer, Counter> notifications = new ConcurrentHashMap<>();
    private final Map<String, Counter> webhooks = new ConcurrentHashMap<>();
    private final Map<String, Counter> pollRounds = new ConcurrentHashMap<>();
    private final Map<String, Counter> pollPushes = new ConcurrentHashMap<>();
    private final Map<String, Timer> nomadRequests = new ConcurrentHashMap<>();
    private final Timer storeCommits;
    private final Map<Outcome, Counter> decisions = new EnumMap<>(Outcome.class);
    private final List<AutoCloseable> binders;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sinkFailing = new ConcurrentHashMap<>();
    private final Map<String, Counter> registryRequests = new ConcurrentHashMap<>();
    private History history;
    private long decisionsCounted = -1;

    /** What became of each event of a stored notification. */
    private enum PushResult { ACCEPTED, DUPLICATE, IGNORED }

    private DeployerMetrics(boolean jvm) {
        for (PushResult result : PushResult.values()) {
            pushes.put(result, Counter.builder(PREFIX + "pushes")
                    .description("Events of stored registry notifications: accepted (a new push), duplicate (a push"
                            + " the registry sent again), ignored (not a tagged push)")
                    .tag("result", label(result)).register(registry));
        }
        for (Outcome outcome : Outcome.values()) {
            decisions.put(outcome, Counter.builder(PREFIX + "decisions")
                    .description("Decisions recorded in the history, by outcome (one per push and job)")
                    .tag("outcome", outcome.label()).register(registry));
        }
        storeCommits = Timer.builder(PREFIX + "store.commit")
                .description("Time to commit a store transaction that wrote something (the fsync a 2xx waits for)")
                .serviceLevelObjectives(COMMIT_BUCKETS).register(registry);
        if (jvm) {
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
            binders = List.of(gc);
        } else {
            binders = List.of();
        }
    }

    /** The service's figures plus the JVM's (memory, GC, threads, classes, CPU, uptime, open files). */
    public static DeployerMetrics withJvm() {
        return new DeployerMetrics(true);
    }

    /** The service's own figures only, for a listener or store tested on its own. */
    public static DeployerMetrics ownOnly() {
        return new DeployerMetrics(false);
    }

    /** A stored notification: its events that were new, sent again, and not tagged pushes. */
    public void pushesReceived(int accepted, int duplicates, int ignored) {
        pushes.get(PushResult.ACCEPTED).increment(accepted);
        pushes.get(PushResult.DUPLICATE).increment(duplicates);
        pushes.get(PushResult.IGNORED).increment(ignored);
    }

    /** The callback answered a notification with {@code status}: 200 when stored, anything else refused it. */
    public void notificationAnswered(int status) {
        notifications.computeIfAbsent(status, code -> Counter.builder(PREFIX + "notifications")
                .description("Registry notifications (POST /registry/callback) by the status answered; 200 = stored,"
                        + " any other = refused, and the registry sends it again")
                .tag("status", String.valueOf(code)).register(registry)).increment();
    }

    /** A sender's delivery to {@code /webhooks/<source>} was answered with {@code status}. */
    public void webhookAnswered(String source, int status) {
        webhooks.computeIfAbsent(source + ' ' + status, key -> Counter.builder(PREFIX + "webhooks")
                .description("Deliveries to /webhooks/<source> by source and the status answered; 200 = stored,"
                        + " 401 = did not prove its sender, 404 = source off or unknown")
                .tag("source", source).tag("status", String.valueOf(status)).register(registry)).increment();
    }

    /**
     * The poll went over one registry: {@code result} listed (every repository read), backing_off (skipped: the
     * registry's back-off has not ended), retry_later (a 429, 5xx or no answer ended the round) or refused (401/403
     * or an answer outside the API: the configuration needs a look).
     */
    public void pollRound(String host, String result) {
        pollRounds.computeIfAbsent(host + ' ' + result, key -> Counter.builder(PREFIX + "poll.rounds")
                .description("Rounds of the reconciliation poll per registry of registries, by how they ended")
                .tag("registry", host).tag("result", result).register(registry)).increment();
    }

    /** The poll entered {@code added} pushes no notification had brought from {@code host}. */
    public void pollPushes(String host, int added) {
        pollPushes.computeIfAbsent(host, key -> Counter.builder(PREFIX + "poll.pushes")
                .description("Pushes the reconciliation poll found that no notification had brought (new to the inbox)")
                .tag("registry", host).register(registry)).increment(added);
    }

    /** One request to Nomad ended; {@code status} 0 = no answer. Matches {@code nomad.NomadRequestObserver}. */
    public void nomadRequest(NomadCall.Kind kind, int status, Duration took) {
        String statusClass = status == 0 ? "none" : status / 100 + "xx";
        String endpoint = kind.name().toLowerCase(Locale.ROOT);
        nomadRequests.computeIfAbsent(endpoint + ' ' + statusClass, key -> Timer.builder(PREFIX + "nomad.requests")
                .description("Requests to Nomad's HTTP API by what they ask (endpoint) and the answer's status"
                        + " class (none = no answer: unreachable, timed out, broken)")
                .tag("endpoint", endpoint).tag("status", statusClass)
                .serviceLevelObjectives(NOMAD_BUCKETS).register(registry)).record(took);
    }

    /** A store commit that wrote something took {@code took}. */
    private final Map<RolloutStatus, Counter> rolloutEnds = new ConcurrentHashMap<>();

    public void storeCommit(Duration took) {
        storeCommits.record(took);
    }

    /** Pushes waiting to be expanded, targets not yet done, and how long the oldest of those has waited. */
    public void watchQueue(Inbox inbox, TargetQueue queue, Clock clock) {
        Gauge.builder(PREFIX + "inbox.pending", inbox, Inbox::pendingCount)
                .description("Stored pushes not yet expanded into per-job targets")
                .strongReference(true).register(registry);
        Gauge.builder(PREFIX + "targets.open", queue, TargetQueue::openCount)
                .description("Targets (one per job and repository) not yet applied: pending, waiting for a retry,"
                        + " or running").strongReference(true).register(registry);
        Gauge.builder(PREFIX + "targets.oldest.age", queue, q -> q.oldestOpen()
                        .map(received -> Math.max(0, Duration.between(received, clock.instant()).toMillis()) / 1000.0)
                        .orElse(0.0))
                .description("How long ago the push behind the longest-waiting open target was received;"
                        + " 0 when none is open").baseUnit("seconds").strongReference(true).register(registry);
    }

    /**
     * Whether the deploy windows are open now (always 1 without windows), and how long until the next one opens
     * (0 while open); targets held meanwhile are in {@code targets.open}.
     */
    public void watchWindows(DeployWindows windows, Clock clock) {
        Gauge.builder(PREFIX + "deploy.window.open", windows, w -> w.isOpen(clock.instant()) ? 1 : 0)
                .description("1 while deploys may happen (deploy.windows), 0 while pushes wait for a window")
                .strongReference(true).register(registry);
        Gauge.builder(PREFIX + "deploy.window.opens.in", windows, w -> {
                    Instant now = clock.instant();
                    return w.nextOpening(now).map(at -> Math.max(0, Duration.between(now, at).toMillis()) / 1000.0)
                            .orElse(0.0);
                })
                .description("Time until the next deploy window opens; 0 while one is open or none is configured")
                .baseUnit("seconds").strongReference(true).register(registry);
    }

    /** Rollouts being followed now, and jobs whose automation is paused. */
    public void watchRollouts(Rollouts rollouts, Restraints restraints) {
        Gauge.builder(PREFIX + "rollouts.following", rollouts, Rollouts::followingCount)
                .description("Rollouts the service caused that have not ended yet").strongReference(true)
                .register(registry);
        Gauge.builder(PREFIX + "jobs.paused", restraints, r -> r.paused().size())
                .description("Jobs whose automation is paused (by an operator or after someone else's change)")
                .strongReference(true).register(registry);
    }

    /** A rollout the service followed ended so (counted by the leader that saw the end). */
    public void rolloutEnded(RolloutStatus status) {
        rolloutEnds.computeIfAbsent(status, s -> Counter.builder(PREFIX + "rollouts.ended")
                .description("Rollouts the service caused, by how they ended").tag("status", s.label())
                .register(registry)).increment();
    }

    /** The job index: how many jobs, fed by which source, how far behind Nomad. */
    public void watchIndex(JobIndex index) {
        Gauge.builder(PREFIX + "index.jobs", index, JobIndex::size)
                .description("Jobs in the index pushes are matched against").strongReference(true).register(registry);
        for (JobIndex.Source source : JobIndex.Source.values()) {
            Gauge.builder(PREFIX + "index.source", index, i -> i.source() == source ? 1 : 0)
                    .description("1 for the way the index learns of changes in Nomad now, 0 for the others")
                    .tag("source", source.name().toLowerCase(Locale.ROOT)).strongReference(true).register(registry);
        }
        Gauge.builder(PREFIX + "index.lag", index, i -> i.lag().isPresent() ? i.lag().getAsLong() : Double.NaN)
                .description("Raft indexes Nomad is known to be ahead of what the index applied (from its lists,"
                        + " event frames and answers to our registers); NaN until the index is warm").strongReference(true).register(registry);
    }

    /**
     * Whether this replica leads (1) or follows (0), and the epoch of the dispatch lease as stored: the same on
     * every replica, it grows by one at each change of leader.
     */
    public void watchLeadership(Leadership leadership, LeaseStore leases) {
        Gauge.builder(PREFIX + "leader", leadership, l -> l.fence().isPresent() ? 1 : 0)
                .description("1 while this replica holds the dispatch lease and applies pushes, 0 while it follows")
                .strongReference(true).register(registry);
        Gauge.builder(PREFIX + "leader.epoch", leases, l -> {
            try {
                return l.current().epoch();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Epoch of the dispatch lease: how many times a replica has acquired it; NaN when the store"
                + " cannot be read").strongReference(true).register(registry);
    }

    /**
     * Notification sinks: notices each has yet to receive (read from the outbox when scraped), delivery attempts by
     * result, and how many attempts in a row have failed now (0 for a sink that takes notices). Sink names come
     * from the configuration, a closed set.
     */
    public void watchNotifications(NoticeOutbox outbox, List<String> sinks) {
        for (String sink : sinks) {
            Gauge.builder(PREFIX + "notify.pending", outbox, o -> {
                try {
                    return o.pending().getOrDefault(sink, 0);
                } catch (RuntimeException e) {
                    return Double.NaN;
                }
            }).description("Notices this sink has yet to receive; NaN when the store cannot be read")
                    .tag("sink", sink).strongReference(true).register(registry);
            AtomicInteger failing = new AtomicInteger();
            sinkFailing.put(sink, failing);
            Gauge.builder(PREFIX + "notify.sink.failing", failing, AtomicInteger::get)
                    .description("Attempts in a row that failed to reach this sink now; 0 while it takes notices")
                    .tag("sink", sink).register(registry);
            for (DeliveryObserver.Result result : DeliveryObserver.Result.values()) {
                deliveries.put(sink + ' ' + result, Counter.builder(PREFIX + "notify.deliveries")
                        .description("Attempts to deliver a notice, by sink and result: delivered, failed (tried again"
                                + " later), dropped (refused for good by the sink)")
                        .tag("sink", sink).tag("result", label(result)).register(registry));
            }
        }
    }

    /** One attempt to deliver a notice; matches {@code notify.DeliveryObserver}. */
    public void noticeAttempted(String sink, DeliveryObserver.Result result, int failingAttempts) {
        Counter counter = deliveries.get(sink + ' ' + result);
        if (counter != null) {
            counter.increment();
        }
        AtomicInteger failing = sinkFailing.get(sink);
        if (failing != null) {
            failing.set(failingAttempts);
        }
    }

    /**
     * The registries of {@code registries}: requests by answer class (each series from 0, so a rate needs no first
     * request) and the seconds left of each one's back-off. Registry labels are the entries' host:port, a closed set.
     */
    public void watchRegistries(Registries registries, Clock clock) {
        for (RegistryReader reader : registries.readers()) {
            String registry = reader.endpoint().hostPort();
            for (RegistryAnswer answer : RegistryAnswer.values()) {
                registryRequestCounter(registry, answer);
            }
            Gauge.builder(PREFIX + "registry.backoff", reader, r -> r.backingOffUntil()
                            .map(until -> Math.max(0, Duration.between(clock.instant(), until).toMillis()) / 1000.0)
                            .orElse(0.0))
                    .description("Time left before the poll asks this registry again after a 429 (nothing is sent"
                            + " meanwhile) or after it did not serve; 0 when not backing off")
                    .baseUnit("seconds").tag("registry", registry).strongReference(true).register(this.registry);
        }
    }

    /** One request to a registry or its token service ended, or was refused here; matches {@code registryapi.RegistryObserver}. */
    public void registryRequest(String registry, RegistryAnswer answer) {
        registryRequestCounter(registry, answer).increment();
    }

    private Counter registryRequestCounter(String registry, RegistryAnswer answer) {
        return registryRequests.computeIfAbsent(registry + ' ' + answer, key -> Counter.builder(PREFIX
                        + "registry.requests")
                .description("Requests to a registry listed in registries (or its token service) by the class of"
                        + " the answer; refused_locally = not sent (rate_limit, or the back-off after a 429)")
                .tag("registry", registry).tag("answer", label(answer)).register(this.registry));
    }

    /** Decisions by outcome, counted from the history when scraped: each committed one once, none rolled back. */
    public synchronized void countDecisions(History source) {
        this.history = source;
        this.decisionsCounted = source.decisionsAfter(-1).through();
    }

    /** The request threads of the listener. */
    public void watchListenerThreads(ThreadPool threads) {
        new JettyServerThreadPoolMetrics(threads, List.of()).bindTo(registry);
    }

    /** Every figure as Prometheus text (exposition format 0.0.4). */
    public String scrape() {
        catchUpDecisions();
        return registry.scrape();
    }

    private synchronized void catchUpDecisions() {
        if (history == null) {
            return;
        }
        try {
            DecisionTally tally = history.decisionsAfter(decisionsCounted);
            tally.counts().forEach((outcome, count) -> decisions.get(outcome).increment(count));
            decisionsCounted = tally.through();
        } catch (RuntimeException e) {
            // The store's own failure is on /ready; this scrape shows the counts as of the last one that worked.
            LOG.debug("event=metrics_decisions_unavailable reason=\"{}\"", e.toString());
        }
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static Duration[] durations(double... millis) {
        Duration[] result = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            result[i] = Duration.ofNanos(Math.round(millis[i] * 1_000_000));
        }
        return result;
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.debug("event=metrics_close_failed reason=\"{}\"", e.toString());
            }
        }
        registry.close();
    }
}
