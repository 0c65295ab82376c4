package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.config.GoDuration;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.metrics.DeployerMetrics;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.Notifications;
import java.time.Clock;
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
import org.slf4j.MDC;

/**
 * {@code POST /registry/callback}: the registry's notification endpoint. Answers 2xx only once the pushes
 * it carries are committed to the store, because the registry forgets an event once it gets a 2xx; it
 * never waits for Nomad, because the registry holds every later event back until this one is answered.
 * Who may call it is decided before it runs ({@link AccessGuard}).
 */
final class WebhookHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    static final String EVENTS_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private final Inbox inbox;
    private final DeployerMetrics metrics;
    private final Runnable onAccepted;
    private final long maxBodyBytes;
    private final Duration readTimeout;
    private final BooleanSupplier stopping;
    private final Clock clock;

    WebhookHandler(Inbox inbox, DeployerMetrics metrics, Runnable onAccepted, long maxBodyBytes, Duration readTimeout,
                   BooleanSupplier stopping, Clock clock) {
        this.inbox = inbox;
        this.metrics = metrics;
        this.onAccepted = onAccepted;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeout = readTimeout;
        this.stopping = stopping;
        this.clock = clock;
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
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            return Replies.textAndClose(response, callback, 413, "body of " + declared
                    + " bytes exceeds the limit of " + maxBodyBytes + " bytes (server.max_body_bytes)");
        }
        String requestId = MDC.get("request_id");
        BodyReader.read(request, maxBodyBytes, readTimeout, body -> {
            // The body may complete on another thread than the one that began the request.
            MDC.put("request_id", requestId == null ? "" : requestId);
            try {
                answer(body, response, callback);
            } catch (RuntimeException | Error e) {
                LOG.error("event=webhook_failed reason=\"{}\"", e.toString(), e);
                callback.failed(e);
            } finally {
                MDC.remove("request_id");
            }
        });
        return true;
    }

    private void answer(BodyReader.Body body, Response response, Callback callback) {
        if (body instanceof BodyReader.Complete complete) {
            parsed(complete.bytes(), response, callback);
        } else if (body instanceof BodyReader.TooLarge tooLarge) {
            Replies.textAndClose(response, callback, 413, "body exceeds the limit of " + tooLarge.limit()
                    + " bytes (server.max_body_bytes)");
        } else if (body instanceof BodyReader.TimedOut timedOut) {
            LOG.warn("event=webhook_rejected reason=\"body not received within {} (server.timeout.read)\"",
                    GoDuration.format(timedOut.limit()));
            Replies.textAndClose(response, callback, 408, "the request body did not arrive within "
                    + GoDuration.format(timedOut.limit()) + " (server.timeout.read)");
        } else if (body instanceof BodyReader.Broken broken) {
            LOG.warn("event=webhook_rejected reason=\"body could not be read: {}\"", broken.cause().toString());
            Replies.textAndClose(response, callback, 400, "the request body could not be read");
        } else {
            throw new IllegalStateException("no handling for body " + body);
        }
    }

    private void parsed(byte[] body, Response response, Callback callback) {
        NotificationBatch batch = Notifications.parse(body);
        if (batch instanceof NotificationBatch.Malformed malformed) {
            LOG.warn("event=webhook_rejected reason=\"{}\"", malformed.reason());
            Replies.text(response, callback, 400, "malformed notification: " + malformed.reason());
        } else if (batch instanceof NotificationBatch.Accepted accepted) {
            accept(accepted, response, callback);
        } else {
            throw new IllegalStateException("no handling for notification batch " + batch);
        }
    }

    private void accept(NotificationBatch.Accepted batch, Response response, Callback callback) {
        int added;
        try {
            added = inbox.accept(batch.pushes(), clock.instant());
        } catch (StoreException e) {
            LOG.error("event=webhook_store_failed pushes={} reason=\"{}\"", batch.pushes().size(), e.getMessage());
            Replies.text(response, callback, 503, "could not store the notification; retry later");
            return;
        }
        for (var push : batch.pushes()) {
            LOG.info("event=push_received event_id={} host={} repository={} tag={} digest={}", push.eventId(),
                    push.registryHost(), push.repository(), push.tag(), push.digest());
        }
        for (String ignored : batch.ignored()) {
            LOG.debug("event=notification_ignored reason=\"{}\"", ignored);
        }
        metrics.pushesReceived(added, batch.pushes().size() - added, batch.ignored().size());
        if (added > 0) {
            onAccepted.run();
        }
        ObjectNode answer = Replies.JSON.createObjectNode();
        answer.put("accepted", added);
        answer.put("duplicates", batch.pushes().size() - added);
        answer.put("ignored", batch.ignored().size());
        Replies.json(response, callback, 200, answer);
    }

    private static boolean acceptable(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals(EVENTS_MEDIA_TYPE) || type.equals("application/json");
    }
}
