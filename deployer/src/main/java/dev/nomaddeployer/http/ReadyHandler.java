package dev.nomaddeployer.http;

import dev.nomaddeployer.deploy.StoreHealth;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /ready}: 204 while pushes can be taken and kept; 503 with the reason (shutting down, or the
 * store full, damaged or replaced) otherwise. {@code /health} stays the liveness answer it always was.
 */
final class ReadyHandler extends Handler.Abstract {
    private final BooleanSupplier stopping;
    private final StoreHealth store;

    ReadyHandler(BooleanSupplier stopping, StoreHealth store) {
        this.stopping = stopping;
        this.store = store;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (stopping.getAsBoolean()) {
            return Replies.text(response, callback, 503, "shutting down");
        }
        return store.problem().map(problem -> Replies.text(response, callback, 503, problem))
                .orElseGet(() -> Replies.empty(response, callback, 204));
    }
}
