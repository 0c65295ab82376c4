package dev.nomaddeployer.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that has not delivered a complete request head within the read timeout of opening, or of
 * the end of its previous request. Jetty parses heads without a deadline of its own, and its idle timeout
 * starts again with every byte, so without this a client trickling one header byte per second would hold its
 * connection for as long as it liked. Body reading has its own deadline ({@link BodyReader}).
 *
 * <p>It must see each HTTP connection open and close (register it as a listener on the HTTP connection
 * factory) and each request reach the handlers ({@link #before(Handler)}). While a request is being handled
 * no deadline runs: the body and the writes have their own limits.
 */
final class HeaderDeadline implements Connection.Listener {
    private final Duration limit;
    private final Scheduler scheduler;
    private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();

    HeaderDeadline(Duration limit, Scheduler scheduler) {
        this.limit = limit;
        this.scheduler = scheduler;
    }

    /** {@code next}, telling this deadline when each request's head is complete and when the request ends. */
    Handler before(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Watch watch = watches.get(request.getConnectionMetaData().getConnection());
                if (watch != null) {
                    watch.requestStarted();
                    Request.addCompletionListener(request, failure -> watch.requestEnded());
                }
                return super.handle(request, response, callback);
            }
        };
    }

    @Override
    public void onOpened(Connection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        watch.arm();
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = watches.remove(connection);
        if (watch != null) {
            watch.disarm();
        }
    }

    /** One connection: armed while it waits for a head, disarmed while one of its requests is handled. */
    private final class Watch {
        private final Connection connection;
        /** A counter, not a flag: Jetty may start the next request before the previous one's end is reported. */
        private int handling;
        /** Which arming a firing task belongs to; a task of an earlier arming finds it changed and does nothing. */
        private long arming;
        private Scheduler.Task task;

        Watch(Connection connection) {
            this.connection = connection;
        }

        synchronized void requestStarted() {
            handling++;
            disarm();
        }

        synchronized void requestEnded() {
            handling--;
            if (handling == 0) {
                arm();
            }
        }

        synchronized void arm() {
            disarm();
            long mine = arming;
            task = scheduler.schedule(() -> passed(mine), limit.toNanos(), TimeUnit.NANOSECONDS);
        }

        synchronized void disarm() {
            arming++;
            if (task != null) {
                task.cancel();
                task = null;
            }
        }

        private void passed(long armingThatFired) {
            synchronized (this) {
                if (armingThatFired != arming || handling > 0) {
                    return;
                }
            }
            // Also here, not only in onClosed: a connection refused as it opened may report its close before
            // its opening, and its watch would otherwise stay forever.
            watches.remove(connection, this);
            // Outside the lock: closing calls back into onClosed.
            connection.getEndPoint().close(new TimeoutException(
                    "request head not complete within " + limit + " (server.timeout.read)"));
        }
    }
}
