package dev.nomaddeployer.testbed.nomad.state;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Holds the last frames (Nomad's event_buffer_size, 100 entries) and fans new ones out to streams. */
public final class EventBroker {
    static final int BUFFER_SIZE = 100;

    public record Frame(long index, List<NomadEvent> events) {
    }

    private final ArrayDeque<Frame> buffer = new ArrayDeque<>();
    private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();

    synchronized void publish(Frame frame) {
        buffer.addLast(frame);
        while (buffer.size() > BUFFER_SIZE) {
            buffer.removeFirst();
        }
        subscriptions.forEach(s -> s.offer(frame));
    }

    /** Replays buffered frames from {@code fromIndex} (0 = all held), then delivers live ones. */
    synchronized EventSubscription subscribe(long fromIndex, Predicate<NomadEvent> filter) {
        EventSubscription subscription = new EventSubscription(filter, this);
        for (Frame frame : buffer) {
            if (frame.index() >= fromIndex) {
                subscription.offer(frame);
            }
        }
        subscriptions.add(subscription);
        return subscription;
    }

    void unsubscribe(EventSubscription subscription) {
        subscriptions.remove(subscription);
    }

    /** Forgets every buffered frame, as a new state store starts with an empty buffer. */
    synchronized void clear() {
        buffer.clear();
    }

    /** Ends every open stream, as a server shutdown does. */
    void closeAll() {
        subscriptions.forEach(EventSubscription::close);
        subscriptions.clear();
    }
}
