package dev.nomaddeployer.http;

import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /ready}: 204 while pushes can be taken, kept and matched; 503 with the reason (shutting down, the
 * store full, damaged or replaced, the job index still reading) otherwise. {@code /health} stays the liveness
 * answer it always was.
 */
final class ReadyHandler extends Handler.Abstract {
    private final BooleanSupplier stopping;
    private final Readiness readiness;

    ReadyHandler(BooleanSupplier stopping, Readiness readiness) {
        this.stopping = stopping;
        this.readiness = readiness;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (stopping.getAsBoolean()) {
            return Replies.text(response, callback, 503, "shutting down");
        }
        return readiness.notReadyBecause().map(reason -> Replies.text(response, callback, 503, reason))
                .orElseGet(() -> Replies.empty(response, callback, 204));
    }
}
