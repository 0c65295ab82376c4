package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.NomadException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored work forward: expands accepted pushes into per-job targets (in arrival order) and applies
 * due targets on a bounded pool, never two for the same job at once. Everything it needs to resume lives
 * in the store, so a crash loses nothing: on start, interrupted work is simply due again.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    public record Options(int concurrency, Backoff backoff, Duration retention, Duration discoveryRefresh) {}

    private final Inbox inbox;
    private final TargetQueue queue;
    private final History history;
    private final JobIndex index;
    private final Expander expander;
    private final JobRedeployer redeployer;
    private final Options options;
    private final Clock clock;
    private final ExecutorService pool;
    private final Set<JobKey> busyJobs = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private final Thread loop;
    private volatile boolean running = true;
    private boolean woken;
    private Instant lastPrune = Instant.EPOCH;
    private Instant lastRefresh = Instant.EPOCH;
    private int expandFailures;

    public Dispatcher(Inbox inbox, TargetQueue queue, History history, JobIndex index, Expander expander,
                      JobRedeployer redeployer, Options options, Clock clock) {
        this.inbox = inbox;
        this.queue = queue;
        this.history = history;
        this.index = index;
        this.expander = expander;
        this.redeployer = redeployer;
        this.options = options;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(options.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "redeploy");
            thread.setDaemon(true);
            return thread;
        });
        this.loop = new Thread(this::run, "dispatcher");
        this.loop.setDaemon(true);
    }

    public void start() {
        int resumed = queue.resumeInterrupted();
        if (resumed > 0) {
            LOG.info("event=resume targets={} reason=\"interrupted by the previous stop\"", resumed);
        }
        loop.start();
    }

    /** New work was stored; look at it now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** True when every accepted push has been expanded and applied (or recorded as not applicable). */
    public boolean idle() {
        return busyJobs.isEmpty() && inbox.pendingCount() == 0 && queue.openCount() == 0;
    }

    private void run() {
        while (running) {
            try {
                expandPending();
                dispatchDue();
                pruneIfDue();
                refreshIfDue();
            } catch (StoreException e) {
                LOG.error("event=store_error reason=\"{}\"", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("event=dispatcher_error reason=\"{}\"", e.toString(), e);
            }
            sleepUntilWoken();
        }
    }

    private void expandPending() {
        Instant now = clock.instant();
        List<AcceptedPush> pending = inbox.pending(now, 1000);
        if (pending.isEmpty()) {
            return;
        }
        try {
            index.refresh();
            lastRefresh = now;
            expandFailures = 0;
        } catch (NomadException e) {
            expandFailures++;
            Duration delay = options.backoff().delay(expandFailures);
            LOG.warn("event=discovery_failed pending={} retry_in={} reason=\"{}\"", pending.size(), delay,
                    e.explained());
            inbox.defer(pending.get(0), e.explained(), now.plus(delay));
            return;
        }
        for (AcceptedPush push : pending) {
            Expander.Expansion expansion = expander.expand(push);
            inbox.expand(push, expansion.jobs(), expansion.unmatched(), clock.instant());
            LOG.info("event=push_expanded event_id={} repository={} tag={} jobs={}", push.push().eventId(),
                    push.push().repository(), push.push().tag(), expansion.jobs().size());
        }
    }

    private void dispatchDue() {
        if (!running) {
            return;
        }
        int free = options.concurrency() - busyJobs.size();
        if (free <= 0) {
            return;
        }
        for (Target target : queue.claimDue(clock.instant(), free, Set.copyOf(busyJobs))) {
            busyJobs.add(target.job());
            pool.execute(() -> apply(target));
        }
    }

    private void apply(Target target) {
        try {
            Attempt attempt = redeployer.apply(target);
            Instant now = clock.instant();
            if (attempt instanceof Attempt.Decided decided) {
                queue.finish(target, decided.decisions(), now);
            } else if (attempt instanceof Attempt.RetryLater retry) {
                int attempts = target.attempts() + 1;
                Duration delay = options.backoff().delay(attempts);
                LOG.warn("event=retry namespace={} job={} repository={} tag={} attempt={} retry_in={} reason=\"{}\"",
                        target.namespace(), target.jobId(), target.repository(), target.push().tag(), attempts,
                        delay, retry.reason());
                queue.retryLater(target, attempts, now.plus(delay), retry.reason(), now);
            } else {
                throw new IllegalStateException("no handling for attempt " + attempt);
            }
        } catch (RuntimeException e) {
            // The target stays claimed in the store; the next start makes it due again.
            LOG.error("event=apply_error namespace={} job={} reason=\"{}\"", target.namespace(), target.jobId(),
                    e.toString(), e);
        } finally {
            busyJobs.remove(target.job());
            wake();
        }
    }

    private void pruneIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        lastPrune = now;
        Instant before = now.minus(options.retention());
        int decisions = history.prune(before);
        int events = inbox.prune(before);
        if (decisions + events > 0) {
            LOG.info("event=pruned decisions={} events={} before={}", decisions, events, before);
        }
    }

    /**
     * Re-reads changed jobs in quiet times too, so that the refresh a push needs finds little to read and
     * the push reaches Nomad sooner.
     */
    private void refreshIfDue() {
        Instant now = clock.instant();
        if (options.discoveryRefresh().isZero()
                || Duration.between(lastRefresh, now).compareTo(options.discoveryRefresh()) < 0) {
            return;
        }
        lastRefresh = now;
        try {
            index.refresh();
        } catch (NomadException e) {
            LOG.debug("event=index_refresh_failed reason=\"{}\"", e.getMessage());
        }
    }

    private void sleepUntilWoken() {
        long waitMillis = IDLE_POLL.toMillis();
        Instant due = null;
        try {
            due = queue.nextDue();
        } catch (StoreException e) {
            LOG.debug("event=next_due_unknown reason=\"{}\"", e.getMessage());
        }
        if (due != null) {
            waitMillis = Math.max(1, Math.min(waitMillis, Duration.between(clock.instant(), due).toMillis()));
        }
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /**
     * Stops taking work and waits up to {@code timeout} for redeploys in flight. Whatever is not finished
     * stays in the store for the next start.
     */
    public boolean stop(Duration timeout) {
        running = false;
        wake();
        pool.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            loop.join(Math.max(1, timeout.toMillis()));
            return pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
