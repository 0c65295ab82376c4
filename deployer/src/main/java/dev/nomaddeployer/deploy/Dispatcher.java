package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.Leadership;
import dev.nomaddeployer.nomad.JobKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored work forward: expands accepted pushes into per-job targets (in arrival order) and applies
 * due targets on a bounded pool, never two for the same job at once. Everything it needs to resume lives
 * in the store, so a crash loses nothing: on start, interrupted work is simply due again.
 *
 * <p>Of several replicas sharing a store, only the leader does this ({@link Leadership}); each round asks it
 * first, and every write is made under its {@link Fence}. On becoming leader it first makes the work a previous
 * leader left running due again. Once leadership is lost no new work is claimed; redeploys in flight finish,
 * and their outcomes are refused by the store ({@link Deposed}) and left to the new leader.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Duration VERIFY_STORE_EVERY = Duration.ofMinutes(10);
    /**
     * Pushes expanded in one transaction. Webhook requests wait while it runs (one connection), so it is kept
     * to a few milliseconds of work; a hundred pushes already make its commit cost small per push.
     */
    private static final int EXPAND_PER_TRANSACTION = 100;

    /** {@code windows}: when targets may be applied; outside them they wait in the queue, newest still winning. */
    public record Options(int concurrency, Backoff backoff, Duration retention, DeployWindows windows) {}

    private final Inbox inbox;
    private final TargetQueue queue;
    private final History history;
    private final StoreHealth store;
    private final AttemptRecorder recorder;
    /** An attempt whose outcome the store could not take yet, with the fence it was claimed under. */
    private record Unrecorded(Fence fence, Target target, Attempt attempt) {}
    /** Attempts whose outcome the store could not take yet; their jobs stay busy until it does. */
    private final Queue<Unrecorded> unrecorded = new ConcurrentLinkedQueue<>();
    private final Leadership leadership;
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
    private Instant lastVerify;
    /** The reign interrupted work was last resumed for; a new fence means a new reign, which resumes again. */
    private Fence resumedFor;
    private int storeFailures;
    private String storeProblemLogged;
    /** Whether the last round found the deploy windows closed, so that holding is logged once, not every round. */
    private boolean holding;

    public Dispatcher(Inbox inbox, TargetQueue queue, History history, StoreHealth store, JobIndex index,
                      Expander expander, JobRedeployer redeployer, Leadership leadership,
                      Options options, Clock clock) {
        this.inbox = inbox;
        this.leadership = leadership;
        this.queue = queue;
        this.history = history;
        this.store = store;
        this.recorder = new AttemptRecorder(queue, options.backoff());
        this.lastVerify = clock.instant();
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
        loop.start();
    }

    /** New work was stored; look at it now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** True while a target of {@code job} is being applied or its outcome is not yet recorded. */
    public boolean applying(JobKey job) {
        return busyJobs.contains(job);
    }

    /** True when every accepted push has been expanded and applied (or recorded as not applicable). */
    public boolean idle() {
        return busyJobs.isEmpty() && inbox.pendingCount() == 0 && queue.openCount() == 0;
    }

    private void run() {
        while (running) {
            Duration pause = null;
            try {
                recordUnrecorded();
                Optional<Fence> fence = leadership.fence();
                if (fence.isPresent()) {
                    resumeIfNewReign(fence.get());
                    expandPending(fence.get());
                    dispatchDue(fence.get());
                    pruneIfDue();
                } else {
                    resumedFor = null;
                }
                verifyStoreIfDue();
                storeWorks();
            } catch (Deposed e) {
                deposed(e);
            } catch (StoreException e) {
                pause = storeFailed(e);
            } catch (RuntimeException e) {
                LOG.error("event=dispatcher_error reason=\"{}\"", e.toString(), e);
            }
            sleepUntilWoken(pause);
        }
    }

    /**
     * A store that cannot write (full disk, replaced file) fails every round the same way: back off as for
     * Nomad, and say it once per distinct cause instead of hundreds of times a second.
     */
    private Duration storeFailed(StoreException e) {
        storeFailures++;
        Duration pause = options.backoff().delay(storeFailures);
        if (!e.getMessage().equals(storeProblemLogged)) {
            LOG.error("event=store_failed kind={} retry_in={} reason=\"{}\"", e.kind(), pause, e.getMessage());
            storeProblemLogged = e.getMessage();
        } else {
            LOG.debug("event=store_failed kind={} attempt={} retry_in={}", e.kind(), storeFailures, pause);
        }
        return pause;
    }

    private void storeWorks() {
        if (storeFailures > 0) {
            LOG.info("event=store_recovered after_failures={}", storeFailures);
            storeFailures = 0;
            storeProblemLogged = null;
        }
    }

    /**
     * A new reign (this replica just became leader, or its lease lapsed and was taken again) first makes due
     * what was left running: by a previous leader, by a crash, or by this replica's own earlier reign.
     */
    private void resumeIfNewReign(Fence fence) {
        if (fence.equals(resumedFor)) {
            return;
        }
        int resumed = queue.resumeInterrupted(fence, clock.instant());
        resumedFor = fence;
        if (resumed > 0) {
            LOG.info("event=resume targets={} epoch={} reason=\"interrupted by the previous stop or leader\"",
                    resumed, fence.epoch());
        }
    }

    /** The store refused a write under this fence: stop leading now, before the elector's next renewal. */
    private void deposed(Deposed e) {
        leadership.refused(e.fence());
        resumedFor = null;
        LOG.warn("event=dispatch_refused replica={} epoch={} reason=\"{}\"", e.fence().replica(), e.fence().epoch(),
                e.getMessage());
    }

    private void recordUnrecorded() {
        for (Unrecorded record = unrecorded.peek(); record != null; record = unrecorded.peek()) {
            try {
                recorder.record(record.fence(), record.target(), record.attempt(), clock.instant());
            } catch (Deposed e) {
                recordRefused(record.target(), e);
            }
            unrecorded.remove();
            busyJobs.remove(record.target().job());
        }
    }

    /** This replica was deposed while applying {@code target}: its outcome is the new leader's to find out. */
    private void recordRefused(Target target, Deposed e) {
        leadership.refused(e.fence());
        LOG.warn("event=record_refused namespace={} job={} epoch={} reason=\"{}; the leader resumes the target\"",
                target.namespace(), target.jobId(), e.fence().epoch(), e.getMessage());
    }

    private void verifyStoreIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastVerify, now).compareTo(VERIFY_STORE_EVERY) >= 0) {
            lastVerify = now;
            store.verify();
            store.problem().ifPresent(problem -> LOG.error("event=store_check_failed reason=\"{}\"", problem));
        }
    }

    /** Pushes wait in the inbox until the index is warm (it wakes us then): a cold index would match nothing. */
    private void expandPending(Fence fence) {
        if (!index.warm()) {
            return;
        }
        Instant now = clock.instant();
        List<AcceptedPush> pending = inbox.pending(now, 1000);
        // Several pushes per transaction: one commit instead of one per push, arrival order kept inside it.
        for (int from = 0; from < pending.size(); from += EXPAND_PER_TRANSACTION) {
            List<Inbox.ExpandedPush> expanded = new ArrayList<>();
            for (AcceptedPush push : pending.subList(from, Math.min(pending.size(), from + EXPAND_PER_TRANSACTION))) {
                Expander.Expansion expansion = expander.expand(push);
                expanded.add(new Inbox.ExpandedPush(push, expansion.jobs(), expansion.decided()));
            }
            inbox.expand(fence, expanded, clock.instant());
            for (Inbox.ExpandedPush done : expanded) {
                LOG.info("event=push_expanded event_id={} repository={} tag={} jobs={}", done.push().push().eventId(),
                        done.push().push().repository(), done.push().push().tag(), done.jobs().size());
            }
        }
    }

    private void dispatchDue(Fence fence) {
        if (!running || !windowOpen()) {
            return;
        }
        int free = options.concurrency() - busyJobs.size();
        if (free <= 0) {
            return;
        }
        for (Target target : queue.claimDue(fence, clock.instant(), free, Set.copyOf(busyJobs))) {
            busyJobs.add(target.job());
            pool.execute(() -> apply(fence, target));
        }
    }

    /**
     * Outside the deploy windows nothing is claimed: targets stay pending (a newer push still replaces one) and
     * are claimed, newest per job, when a window opens. Said once when holding starts and once when it ends.
     */
    private boolean windowOpen() {
        Instant now = clock.instant();
        boolean open = options.windows().isOpen(now);
        if (!open && !holding) {
            LOG.info("event=deploy_window_closed next_opening={} windows=\"{}\" pending={} reason=\"pushes are"
                            + " kept and applied, newest per job, when a window opens\"",
                    options.windows().nextOpening(now).map(Instant::toString).orElse("never"), options.windows(),
                    queue.openCount());
        } else if (open && holding) {
            LOG.info("event=deploy_window_opened windows=\"{}\" pending={}", options.windows(), queue.openCount());
        }
        holding = !open;
        return open;
    }

    private void apply(Fence fence, Target target) {
        boolean recorded = true;
        try {
            Attempt attempt = redeployer.apply(target);
            Instant now = clock.instant();
            try {
                recorder.record(fence, target, attempt, now);
            } catch (Deposed e) {
                // The target stays running in the store; the new leader resumes it as interrupted and reads back
                // whatever of this attempt reached Nomad, so it is neither lost nor registered twice.
                recordRefused(target, e);
            } catch (StoreException e) {
                // What Nomad was told is kept in memory and written once the store takes it; until then the job
                // stays busy, so no second attempt can overtake this one.
                recorded = false;
                unrecorded.add(new Unrecorded(fence, target, attempt));
                LOG.error("event=record_failed namespace={} job={} kind={} reason=\"{}\"", target.namespace(),
                        target.jobId(), e.kind(), e.getMessage());
            }
        } catch (RuntimeException e) {
            // The target stays claimed in the store; the next start makes it due again.
            LOG.error("event=apply_error namespace={} job={} reason=\"{}\"", target.namespace(), target.jobId(),
                    e.toString(), e);
        } finally {
            if (recorded) {
                busyJobs.remove(target.job());
            }
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

    /** Until woken, the next target is due, or {@code pause} (after a store failure) has passed. */
    private void sleepUntilWoken(Duration pause) {
        long waitMillis = IDLE_POLL.toMillis();
        if (pause != null) {
            waitMillis = Math.max(1, pause.toMillis());
        } else if (leadership.fence().isPresent()) {
            Instant due = null;
            try {
                due = queue.nextDue();
            } catch (StoreException e) {
                LOG.debug("event=next_due_unknown reason=\"{}\"", e.getMessage());
            }
            if (holding) {
                // Due targets wait for the window, so sleep until it opens (or the poll, whichever is first).
                Instant now = clock.instant();
                due = options.windows().nextOpening(now).filter(opening -> opening.isAfter(now)).orElse(null);
            }
            if (due != null) {
                waitMillis = Math.max(1, Math.min(waitMillis, Duration.between(clock.instant(), due).toMillis()));
            }
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
