package dev.nomaddeployer.notify;

import dev.nomaddeployer.leadership.Fence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Notices waiting to be sent, kept in the store: one delivery per notice and subscribed sink, taken oldest first,
 * so a crash or an outage of a sink delays a notice and never loses it. The pipeline adds notices inside its own
 * transactions ({@code store.NoticeRows.insert}); {@link #add} is for producers outside one. Writes of the sender
 * carry the leader's {@link Fence}, so a replica that lost the lease records nothing.
 */
public interface NoticeOutbox {

    /** A sink by its configured name and the kinds of notice it gets. */
    record Subscription(String sink, Set<Notice.Kind> events) {
        public Subscription {
            events = Set.copyOf(events);
        }
    }

    /** A notice still to be delivered to one sink: {@code id} is stable, receivers dedupe on it. */
    record Delivery(long id, Notice notice, int attempts) {}

    /** A notice about one job and where each sink's delivery of it stands ({@code pending}, {@code delivered}, ...). */
    record Sent(long id, Notice notice, Map<String, String> deliveries) {
        public Sent {
            deliveries = Map.copyOf(deliveries);
        }
    }

    /** The newest notices about {@code job}, newest first, at most {@code limit}; for the web UI's timeline. */
    List<Sent> ofJob(String namespace, String jobId, int limit);

    /** Stores {@code notice} for every subscribed sink that wants its kind, in a transaction of its own; its id. */
    long add(Notice notice);

    /**
     * Makes {@code sinks} the sinks notices are kept for from now on: a new sink gets notices from now on, a sink
     * no longer configured is forgotten with whatever it had not received yet.
     */
    void subscribe(List<Subscription> sinks);

    /** The oldest notice {@code sink} has not received nor dropped, if it is due at {@code now}; empty otherwise. */
    Optional<Delivery> next(String sink, Instant now);

    /** When the oldest notice {@code sink} still waits for is due; empty when it waits for none. */
    Optional<Instant> nextDue(String sink);

    /** The sink took the notice. */
    void delivered(Fence fence, String sink, long id, Instant now);

    /** The sink refused the notice for good: it is not sent again, and later ones are. */
    void dropped(Fence fence, String sink, long id, String reason, Instant now);

    /** The sink could not take the notice now; it is tried again at {@code next}, before any later one. */
    void retryLater(Fence fence, String sink, long id, int attempts, Instant next, String error, Instant now);

    /** Notices each subscribed sink has yet to receive. */
    Map<String, Integer> pending();

    /** Forgets notices every sink is done with (delivered or dropped) that were made before {@code before}. */
    int prune(Instant before);
}
