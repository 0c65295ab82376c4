package dev.nomaddeployer.notify;

import dev.nomaddeployer.deploy.Backoff;
import dev.nomaddeployer.deploy.Deposed;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.Leadership;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored notices to the configured sinks while this replica leads: one thread per sink, each taking its
 * sink's oldest notice, sending it and recording what came of it before the next one. So each sink gets every
 * notice once, in order; a sink that is down holds up only itself, and never a deploy (the pipeline only writes
 * the outbox). A crash between a send and its record sends that one notice again after the restart, under the same
 * delivery id. A notice refused for good is dropped and the next one sent.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    /**
     * @param timeout   time limit of each HTTP call to a sink
     * @param retention how long delivered notices are kept
     */
    public record Options(Duration timeout, Backoff backoff, Optional<URI> nomadUi, Duration retention) {}

    private final NoticeOutbox outbox;
    private final List<Sink> sinks;
    private final Leadership leadership;
    private final DeliveryObserver observer;
    private final Options options;
    private final Clock clock;
    private final List<Worker> workers = new ArrayList<>();
    private final Object signal = new Object();
    private volatile boolean running = true;
    private long wakes;

    public Notifier(NoticeOutbox outbox, List<Sink> sinks, Leadership leadership, DeliveryObserver observer,
                    Options options, Clock clock) {
        this.outbox = outbox;
        this.sinks = List.copyOf(sinks);
        this.leadership = leadership;
        this.observer = observer;
        this.options = options;
        this.clock = clock;
    }

    /** Subscribes the sinks in the store (so notices stored from now on are kept for them), then starts sending. */
    public void start() {
        outbox.subscribe(sinks.stream().map(s -> new NoticeOutbox.Subscription(s.name(), s.events())).toList());
        for (Sink sink : sinks) {
            Worker worker = new Worker(sink, new SinkClient(sink, options.nomadUi(), options.timeout()),
                    workers.isEmpty());
            workers.add(worker);
            worker.thread.start();
        }
        LOG.info("event=notifier_started sinks={}", sinks.stream().map(Sink::name).toList());
    }

    /** Notices were stored: look now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            wakes++;
            signal.notifyAll();
        }
    }

    /** Stops sending; a send in flight gets up to {@code timeout} to finish and be recorded. */
    public void stop(Duration timeout) {
        running = false;
        wake();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Worker worker : workers) {
            try {
                worker.thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop(options.timeout().plusSeconds(1));
    }

    /** An attempt whose outcome the store could not take yet: written before anything else is sent. */
    private record Unrecorded(Fence fence, NoticeOutbox.Delivery delivery, SendResult result) {}

    private final class Worker {
        final Sink sink;
        final SinkClient client;
        final boolean prunes;
        final Thread thread;
        Unrecorded unrecorded;
        int failing;
        String failureLogged;
        int storeFailures;
        Instant lastPrune = Instant.EPOCH;

        Worker(Sink sink, SinkClient client, boolean prunes) {
            this.sink = sink;
            this.client = client;
            this.prunes = prunes;
            this.thread = new Thread(this::run, "notify-" + sink.name());
            this.thread.setDaemon(true);
        }

        void run() {
            while (running) {
                Duration pause;
                try {
                    pause = round();
                    storeFailures = 0;
                } catch (Deposed e) {
                    leadership.refused(e.fence());
                    LOG.warn("event=notify_refused sink={} epoch={} reason=\"{}\"", sink.name(), e.fence().epoch(),
                            e.getMessage());
                    pause = IDLE_POLL;
                } catch (StoreException e) {
                    storeFailures++;
                    pause = options.backoff().delay(storeFailures);
                    LOG.debug("event=notify_store_failed sink={} kind={} retry_in={}", sink.name(), e.kind(), pause);
                } catch (RuntimeException e) {
                    pause = IDLE_POLL;
                    LOG.error("event=notifier_error sink={} reason=\"{}\"", sink.name(), e.toString(), e);
                }
                if (pause != null) {
                    sleep(pause);
                }
            }
        }

        /** One step; how long to wait before the next, or null to go on at once. */
        private Duration round() {
            if (unrecorded != null) {
                Unrecorded pending = unrecorded;
                record(pending.fence(), pending.delivery(), pending.result());
                unrecorded = null;
                return null;
            }
            Optional<Fence> fence = leadership.fence();
            if (fence.isEmpty()) {
                return IDLE_POLL;
            }
            pruneIfDue();
            Optional<NoticeOutbox.Delivery> next = outbox.next(sink.name(), clock.instant());
            if (next.isEmpty()) {
                return outbox.nextDue(sink.name())
                        .map(due -> Duration.between(clock.instant(), due))
                        .filter(wait -> wait.compareTo(IDLE_POLL) < 0)
                        .map(wait -> wait.isNegative() ? Duration.ZERO : wait)
                        .orElse(IDLE_POLL);
            }
            SendResult result = client.send(next.get());
            try {
                record(fence.get(), next.get(), result);
            } catch (StoreException e) {
                // Sent but not recorded: keep it, and write it before sending anything else, so a store outage
                // does not make this sink get the notice twice.
                unrecorded = new Unrecorded(fence.get(), next.get(), result);
                throw e;
            }
            return null;
        }

        private void record(Fence fence, NoticeOutbox.Delivery delivery, SendResult result) {
            Instant now = clock.instant();
            if (result instanceof SendResult.Delivered delivered) {
                outbox.delivered(fence, sink.name(), delivery.id(), now);
                answered();
                observer.attempted(sink.name(), DeliveryObserver.Result.DELIVERED, 0);
                LOG.info("event=notice_delivered sink={} id={} notice={} status={} attempts={}", sink.name(),
                        delivery.id(), delivery.notice().kind().label(), delivered.status(), delivery.attempts() + 1);
            } else if (result instanceof SendResult.Retry retry) {
                int attempts = delivery.attempts() + 1;
                Duration delay = options.backoff().delay(attempts);
                if (retry.retryAfter().isPresent() && retry.retryAfter().get().compareTo(delay) > 0) {
                    delay = retry.retryAfter().get();
                }
                outbox.retryLater(fence, sink.name(), delivery.id(), attempts, now.plus(delay), retry.reason(), now);
                failing++;
                observer.attempted(sink.name(), DeliveryObserver.Result.FAILED, failing);
                if (!retry.reason().equals(failureLogged)) {
                    LOG.warn("event=sink_failing sink={} id={} attempts={} retry_in={} reason=\"{}; notices for this"
                            + " sink wait, deploys do not\"", sink.name(), delivery.id(), attempts, delay, retry.reason());
                    failureLogged = retry.reason();
                } else {
                    LOG.debug("event=sink_failing sink={} id={} attempts={} retry_in={}", sink.name(), delivery.id(),
                            attempts, delay);
                }
            } else if (result instanceof SendResult.Refused refused) {
                outbox.dropped(fence, sink.name(), delivery.id(), refused.reason(), now);
                answered();
                observer.attempted(sink.name(), DeliveryObserver.Result.DROPPED, 0);
                LOG.warn("event=notice_dropped sink={} id={} notice={} reason=\"{}; it is not sent again, the next"
                        + " ones are\"", sink.name(), delivery.id(), delivery.notice().kind().label(), refused.reason());
            } else {
                throw new IllegalStateException("unknown send result " + result);
            }
        }

        /** The sink answered (took the notice or refused it for good): it is reachable again. */
        private void answered() {
            if (failing > 0) {
                LOG.info("event=sink_recovered sink={} after_failures={}", sink.name(), failing);
            }
            failing = 0;
            failureLogged = null;
        }

        private void pruneIfDue() {
            Instant now = clock.instant();
            if (!prunes || Duration.between(lastPrune, now).compareTo(PRUNE_EVERY) < 0) {
                return;
            }
            lastPrune = now;
            int pruned = outbox.prune(now.minus(options.retention()));
            if (pruned > 0) {
                LOG.info("event=notices_pruned notices={}", pruned);
            }
        }

        private void sleep(Duration pause) {
            synchronized (signal) {
                long seen = wakes;
                long deadline = System.nanoTime() + pause.toNanos();
                while (running && wakes == seen) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return;
                    }
                    try {
                        signal.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        running = false;
                    }
                }
            }
        }
    }
}
