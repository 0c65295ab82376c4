package dev.nomaddeployer.http;

import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /health}: 204 while serving, 503 once shutdown has begun (as the Go tool answered). */
final class HealthHandler extends Handler.Abstract {
    private final BooleanSupplier stopping;

    HealthHandler(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return Replies.empty(response, callback, stopping.getAsBoolean() ? 503 : 204);
    }
}
