package dev.nomaddeployer.testbed.nomad.state;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One open `/v1/event/stream`: a queue of frames already reduced to the events it asked for. */
public final class EventSubscription {
    private static final EventBroker.Frame CLOSED = new EventBroker.Frame(-1, List.of());

    private final LinkedBlockingQueue<EventBroker.Frame> queue = new LinkedBlockingQueue<>();
    private final Predicate<NomadEvent> filter;
    private final EventBroker broker;

    EventSubscription(Predicate<NomadEvent> filter, EventBroker broker) {
        this.filter = filter;
        this.broker = broker;
    }

    void offer(EventBroker.Frame frame) {
        List<NomadEvent> wanted = frame.events().stream().filter(filter).toList();
        // frames whose events were all filtered out are not sent at all
        if (!wanted.isEmpty()) {
            queue.add(new EventBroker.Frame(frame.index(), wanted));
        }
    }

    void close() {
        queue.add(CLOSED);
    }

    /** The next frame, null on timeout (time for a heartbeat); throws when the stream was closed. */
    public EventBroker.Frame next(long timeoutNanos) throws InterruptedException {
        EventBroker.Frame frame = queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (frame == CLOSED) {
            throw new InterruptedException("event stream closed");
        }
        return frame;
    }

    public void cancel() {
        broker.unsubscribe(this);
    }
}
