package dev.nomaddeployer.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a list of pushes either from one sender on a {@link PushSchedule} (the registry's one connection at a
 * given rate) or from several senders as fast as each gets its answers; every answer must accept the push.
 */
final class PushLoad {
    /** A push to send: {@code seq} orders all pushes of a run; its tag is {@link ScaleScenario#tag(int)}. */
    record Push(int seq, String repository, List<String> jobs) {
    }

    /** How sending went: one ack per push (same order), and how far the paced sender fell behind its schedule. */
    record Sent(NotificationSender.Ack[] acks, long maxLagNanos) {
        long firstSentNanos() {
            long first = Long.MAX_VALUE;
            for (NotificationSender.Ack a : acks) {
                first = Math.min(first, a.sentNanos());
            }
            return first;
        }

        long lastAnsweredNanos() {
            long last = Long.MIN_VALUE;
            for (NotificationSender.Ack a : acks) {
                last = Math.max(last, a.answeredNanos());
            }
            return last;
        }
    }

    private static final long SEND_TIMEOUT_MINUTES = 30;

    private PushLoad() {
    }

    static Sent paced(NotificationSender sender, List<Push> pushes, PushSchedule schedule, ManagedProcess service) {
        NotificationSender.Ack[] acks = new NotificationSender.Ack[pushes.size()];
        long start = System.nanoTime();
        long maxLag = 0;
        for (int i = 0; i < pushes.size(); i++) {
            long due = start + schedule.dueNanos(i);
            long left;
            while ((left = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
            acks[i] = send(sender, pushes.get(i), service);
            maxLag = Math.max(maxLag, acks[i].sentNanos() - due);
        }
        return new Sent(acks, maxLag);
    }

    static Sent concurrent(NotificationSender sender, List<Push> pushes, int senders, ManagedProcess service) {
        NotificationSender.Ack[] acks = new NotificationSender.Ack[pushes.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders, r -> {
            Thread t = new Thread(r, "bench-sender");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = java.util.stream.IntStream.range(0, senders)
                    .mapToObj(s -> pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < pushes.size()) {
                            acks[i] = send(sender, pushes.get(i), service);
                        }
                    })).<Future<?>>map(f -> f).toList();
            for (Future<?> f : running) {
                f.get(SEND_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            next.set(pushes.size()); // the other senders stop at their next push
            throw e.getCause() instanceof BenchFailure failure ? failure
                    : new BenchFailure("a sender failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BenchFailure("sending " + pushes.size() + " pushes took over " + SEND_TIMEOUT_MINUTES + " minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while sending pushes");
        } finally {
            pool.shutdownNow();
        }
        return new Sent(acks, 0);
    }

    /** A refused connection is reported as what it most likely means: the service died. */
    private static NotificationSender.Ack send(NotificationSender sender, Push push, ManagedProcess service) {
        try {
            return sender.push(push.repository(), ScaleScenario.tag(push.seq()));
        } catch (BenchFailure e) {
            service.requireAlive("while pushing " + push.repository() + ":" + ScaleScenario.tag(push.seq()));
            throw e;
        }
    }
}
