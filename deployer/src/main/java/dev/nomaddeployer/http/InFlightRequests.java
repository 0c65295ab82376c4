package dev.nomaddeployer.http;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts requests being handled, so that a stop can wait for exactly those. Jetty's own graceful stop also
 * waits for idle keep-alive connections (the registry keeps one open), which only close when their idle
 * timeout fires; waiting here instead lets the listener stop as soon as the last answer is written.
 */
final class InFlightRequests extends Handler.Wrapper {
    private int active;

    InFlightRequests(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        started();
        boolean handled = false;
        try {
            handled = super.handle(request, response, Callback.from(callback, this::finished));
            return handled;
        } finally {
            if (!handled) {
                finished();
            }
        }
    }

    /** Waits until no request is being handled, or {@code timeout} passed; true when none is. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private synchronized void started() {
        active++;
    }

    private synchronized void finished() {
        active--;
        notifyAll();
    }
}
