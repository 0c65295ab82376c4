package dev.nomaddeployer.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body up to a size limit and a deadline without holding a thread while the client is slow:
 * it asks Jetty to call back when bytes arrive instead of blocking in a read. A client that trickles its body
 * therefore costs a connection, never a worker thread, and is cut off when the deadline passes however
 * steadily it trickles (the connector's idle timeout alone would never fire for it).
 */
public final class BodyReader implements Runnable {

    /** How reading the body ended. */
    public sealed interface Body permits Complete, TooLarge, TimedOut, Broken {
    }

    public record Complete(byte[] bytes) implements Body {
    }

    public record TooLarge(long limit) implements Body {
    }

    public record TimedOut(Duration limit) implements Body {
    }

    /** The client went away or sent something Jetty could not decode (e.g. bad chunked framing). */
    public record Broken(Throwable cause) implements Body {
    }

    private final Request request;
    private final long maxBytes;
    private final Duration readTimeout;
    private final Consumer<Body> then;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Scheduler.Task deadline;

    private BodyReader(Request request, long maxBytes, Duration readTimeout, Consumer<Body> then) {
        this.request = request;
        this.maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 16);
        this.readTimeout = readTimeout;
        this.then = then;
    }

    /**
     * Reads the body of {@code request} and hands the outcome to {@code then}, exactly once, on whichever thread
     * finished it. {@code readTimeout} counts from the start of the request, as Go's ReadTimeout does; zero
     * means no deadline.
     */
    public static void read(Request request, long maxBytes, Duration readTimeout, Consumer<Body> then) {
        BodyReader reader = new BodyReader(request, maxBytes, readTimeout, then);
        if (!readTimeout.isZero()) {
            long left = readTimeout.toNanos() - (System.nanoTime() - request.getBeginNanoTime());
            reader.deadline = request.getComponents().getScheduler()
                    .schedule(reader::deadlinePassed, Math.max(0, left), TimeUnit.NANOSECONDS);
        }
        reader.run();
    }

    @Override
    public void run() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                finish(failure instanceof TimeoutException ? new TimedOut(readTimeout) : new Broken(failure));
                return;
            }
            boolean last = chunk.isLast();
            try {
                if (finished.get()) {
                    return;
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                int length = buffer.remaining();
                if (bytes.size() + (long) length > maxBytes) {
                    finish(new TooLarge(maxBytes));
                    return;
                }
                byte[] copy = new byte[length];
                buffer.get(copy);
                bytes.write(copy, 0, length);
            } finally {
                chunk.release();
            }
            if (last) {
                finish(new Complete(bytes.toByteArray()));
                return;
            }
        }
    }

    private void deadlinePassed() {
        finish(new TimedOut(readTimeout));
    }

    private void finish(Body body) {
        if (finished.compareAndSet(false, true)) {
            Scheduler.Task task = deadline;
            if (task != null) {
                task.cancel();
            }
            then.accept(body);
        }
    }
}
