package dev.nomaddeployer.http;

import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.Notifications;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /registry/callback}: the registry's notification endpoint. Answers 2xx only once the pushes
 * it carries are committed to the store, because the registry forgets an event once it gets a 2xx; it
 * never waits for Nomad, because the registry holds every later event back until this one is answered.
 * Who may call it is decided before it runs ({@link AccessGuard}).
 */
final class WebhookHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    static final String EVENTS_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private final PushIntake intake;
    private final long maxBodyBytes;
    private final Duration readTimeout;
    private final BooleanSupplier stopping;

    WebhookHandler(PushIntake intake, long maxBodyBytes, Duration readTimeout, BooleanSupplier stopping) {
        this.intake = intake;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeout = readTimeout;
        this.stopping = stopping;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return Replies.textAndClose(response, callback, 405, "only POST is accepted at /registry/callback");
        }
        if (stopping.getAsBoolean()) {
            // The registry keeps the event and re-sends it; the next instance will take it.
            return Replies.textAndClose(response, callback, 503, "shutting down; retry later");
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!acceptable(contentType)) {
            return Replies.textAndClose(response, callback, 415, "content type must be " + EVENTS_MEDIA_TYPE
                    + " or application/json, got " + (contentType == null ? "none" : contentType));
        }
        PostedBody.read(request, response, callback, maxBodyBytes, readTimeout, body -> parsed(body, response, callback));
        return true;
    }

    private void parsed(byte[] body, Response response, Callback callback) {
        NotificationBatch batch = Notifications.parse(body);
        if (batch instanceof NotificationBatch.Malformed malformed) {
            LOG.warn("event=webhook_rejected reason=\"{}\"", malformed.reason());
            Replies.text(response, callback, 400, "malformed notification: " + malformed.reason());
        } else if (batch instanceof NotificationBatch.Accepted accepted) {
            intake.accept(accepted.pushes(), accepted.ignored(), response, callback);
        } else {
            throw new IllegalStateException("no handling for notification batch " + batch);
        }
    }

    private static boolean acceptable(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals(EVENTS_MEDIA_TYPE) || type.equals("application/json");
    }
}
