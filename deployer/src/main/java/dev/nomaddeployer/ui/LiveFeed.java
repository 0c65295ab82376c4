package dev.nomaddeployer.ui;

import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.http.HistoryListing;
import dev.nomaddeployer.http.Replies;
import dev.nomaddeployer.rollout.Rollouts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ui/api/events}: server-sent events for the pages that update live. One thread asks the store every
 * {@code pollEvery} for the decisions and rollout changes recorded since the last it saw, and writes them to every
 * subscriber; it reads what every replica wrote (a follower's page shows the leader's decisions), and the pipeline
 * never waits for a page. A subscriber whose previous frame is still unwritten is dropped (its browser reconnects),
 * so a slow client costs one connection, never a thread or a growing buffer.
 */
final class LiveFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** Decisions read per round; a burst larger than this between two rounds shows its newest ones. */
    private static final int READ_LIMIT = 100;

    record Options(int maxSubscribers, Duration pollEvery, Duration heartbeat) {}

    private final History history;
    private final Rollouts rollouts;
    private final Clock clock;
    private final Options options;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Guarded by this: set when a first subscriber arrives, then advanced by the rounds.
    private long lastDecision = -1;
    private Instant rolloutsSince;
    private final Set<String> rolloutsSeenAtSince = new HashSet<>();
    private long lastHeartbeatNanos = System.nanoTime();

    LiveFeed(History history, Rollouts rollouts, Clock clock, Options options) {
        this.history = history;
        this.rollouts = rollouts;
        this.clock = clock;
        this.options = options;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ui-live");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::round, options.pollEvery().toMillis(), options.pollEvery().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Takes the request as a subscriber; its answer stays open until the client leaves or the feed closes. */
    boolean subscribe(Request request, Response response, Callback callback) {
        if (closed.get()) {
            return Replies.text(response, callback, 503, "the service is stopping");
        }
        // The connector's idle timeout is for requests; a live view is quiet between heartbeats.
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        endPoint.setIdleTimeout(options.heartbeat().multipliedBy(3).toMillis());
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Subscriber subscriber = new Subscriber(response, callback);
        synchronized (this) {
            if (subscribers.size() >= options.maxSubscribers()) {
                return Replies.text(response, callback, 503, "too many live views are open (at most "
                        + options.maxSubscribers() + "); close one or reload later");
            }
            if (lastDecision < 0) {
                // The first subscriber after none: what is recorded from now on is news.
                lastDecision = newestDecisionId();
                rolloutsSince = clock.instant();
                rolloutsSeenAtSince.clear();
            }
            subscribers.add(subscriber);
        }
        // The first frame commits the answer, so the client knows at once that it is subscribed.
        subscriber.send("retry: 3000\n: subscribed\n\n");
        if (closed.get()) {
            subscriber.end();
        }
        return true;
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private synchronized void round() {
        try {
            if (subscribers.isEmpty()) {
                lastDecision = -1;
                return;
            }
            StringBuilder frames = new StringBuilder();
            decisions(frames);
            rolloutChanges(frames);
            if (frames.isEmpty() && System.nanoTime() - lastHeartbeatNanos >= options.heartbeat().toNanos()) {
                frames.append(": heartbeat\n\n");
            }
            if (!frames.isEmpty()) {
                lastHeartbeatNanos = System.nanoTime();
                String text = frames.toString();
                subscribers.forEach(subscriber -> subscriber.send(text));
            }
        } catch (StoreException e) {
            LOG.warn("event=ui_live_read_failed reason=\"{}\"", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("event=ui_live_failed reason=\"{}\"", e.toString());
        }
    }

    private long newestDecisionId() {
        return history.find(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 1)).stream()
                .mapToLong(HistoryEntry::id).findFirst().orElse(0);
    }

    private void decisions(StringBuilder frames) {
        List<HistoryEntry> newest = history.find(new HistoryQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), 1, READ_LIMIT));
        List<HistoryEntry> news = new ArrayList<>();
        for (HistoryEntry entry : newest) {
            if (entry.id() > lastDecision) {
                news.add(0, entry);
            }
        }
        for (HistoryEntry entry : news) {
            frames.append("event: decision\ndata: ").append(HistoryListing.toJson(entry)).append("\n\n");
            lastDecision = Math.max(lastDecision, entry.id());
        }
    }

    /**
     * Changes are found by their time: those at exactly the last time seen are told apart by what they are, so one
     * recorded in the same millisecond as the last shown is not lost, nor one shown twice.
     */
    private void rolloutChanges(StringBuilder frames) {
        Instant newest = rolloutsSince;
        Set<String> atNewest = new HashSet<>();
        for (Rollouts.RolloutEvent event : rollouts.changesSince(rolloutsSince, READ_LIMIT)) {
            String identity = event.rolloutId() + "|" + event.change().status().label() + "|"
                    + event.change().description();
            Instant at = event.change().at();
            if (at.equals(rolloutsSince) && rolloutsSeenAtSince.contains(identity)) {
                continue;
            }
            frames.append("event: rollout\ndata: ").append(Json.rolloutChange(event)).append("\n\n");
            if (at.isAfter(newest)) {
                newest = at;
                atNewest.clear();
            }
            atNewest.add(identity);
        }
        if (newest.equals(rolloutsSince)) {
            rolloutsSeenAtSince.addAll(atNewest);
        } else {
            rolloutsSince = newest;
            rolloutsSeenAtSince.clear();
            rolloutsSeenAtSince.addAll(atNewest);
        }
    }

    /** Ends every live answer (the listener is stopping) and stops polling. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            timer.shutdownNow();
            subscribers.forEach(Subscriber::end);
        }
    }

    private final class Subscriber {
        private final Response response;
        private final Callback done;
        private final AtomicBoolean writing = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();

        Subscriber(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        // send, end and drop exclude each other, so nothing is written after the last write
        synchronized void send(String frames) {
            if (ended.get()) {
                return;
            }
            if (!writing.compareAndSet(false, true)) {
                drop(new IllegalStateException("the client did not take the previous frame in time"));
                return;
            }
            response.write(false, ByteBuffer.wrap(frames.getBytes(StandardCharsets.UTF_8)), Callback.from(
                    () -> writing.set(false), this::drop));
        }

        /** The last (empty) write, then the request is done. */
        synchronized void end() {
            if (ended.compareAndSet(false, true)) {
                subscribers.remove(this);
                if (writing.get()) {
                    done.failed(new IllegalStateException("the service is stopping"));
                } else {
                    response.write(true, BufferUtil.EMPTY_BUFFER, done);
                }
            }
        }

        private synchronized void drop(Throwable why) {
            if (ended.compareAndSet(false, true)) {
                subscribers.remove(this);
                done.failed(why);
            }
        }
    }
}
