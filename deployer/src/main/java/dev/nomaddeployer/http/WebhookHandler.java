package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.Notifications;
import dev.nomaddeployer.store.Inbox;
import dev.nomaddeployer.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
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
 */
final class WebhookHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    static final String EVENTS_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private final Inbox inbox;
    private final Runnable onAccepted;
    private final long maxBodyBytes;
    private final BooleanSupplier stopping;
    private final Clock clock;

    WebhookHandler(Inbox inbox, Runnable onAccepted, long maxBodyBytes, BooleanSupplier stopping, Clock clock) {
        this.inbox = inbox;
        this.onAccepted = onAccepted;
        this.maxBodyBytes = maxBodyBytes;
        this.stopping = stopping;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return Replies.text(response, callback, 405, "only POST is accepted at /registry/callback");
        }
        if (stopping.getAsBoolean()) {
            // The registry keeps the event and re-sends it; the next instance will take it.
            return Replies.text(response, callback, 503, "shutting down; retry later");
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!acceptable(contentType)) {
            return Replies.text(response, callback, 415, "content type must be " + EVENTS_MEDIA_TYPE
                    + " or application/json, got " + (contentType == null ? "none" : contentType));
        }
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            return Replies.text(response, callback, 413, "body of " + declared + " bytes exceeds the limit of "
                    + maxBodyBytes + " bytes (server.max_body_bytes)");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        }
        if (body.length > maxBodyBytes) {
            return Replies.text(response, callback, 413, "body exceeds the limit of " + maxBodyBytes
                    + " bytes (server.max_body_bytes)");
        }
        NotificationBatch batch = Notifications.parse(body);
        if (batch instanceof NotificationBatch.Malformed malformed) {
            LOG.warn("event=webhook_rejected reason=\"{}\"", malformed.reason());
            return Replies.text(response, callback, 400, "malformed notification: " + malformed.reason());
        }
        return accept((NotificationBatch.Accepted) batch, response, callback);
    }

    private boolean accept(NotificationBatch.Accepted batch, Response response, Callback callback) {
        int added;
        try {
            added = inbox.accept(batch.pushes(), clock.instant());
        } catch (StoreException e) {
            LOG.error("event=webhook_store_failed pushes={} reason=\"{}\"", batch.pushes().size(), e.getMessage());
            return Replies.text(response, callback, 503, "could not store the notification; retry later");
        }
        for (var push : batch.pushes()) {
            LOG.info("event=push_received event_id={} host={} repository={} tag={} digest={}", push.eventId(),
                    push.registryHost(), push.repository(), push.tag(), push.digest());
        }
        for (String ignored : batch.ignored()) {
            LOG.debug("event=notification_ignored reason=\"{}\"", ignored);
        }
        if (added > 0) {
            onAccepted.run();
        }
        ObjectNode answer = Replies.JSON.createObjectNode();
        answer.put("accepted", added);
        answer.put("duplicates", batch.pushes().size() - added);
        answer.put("ignored", batch.ignored().size());
        return Replies.json(response, callback, 200, answer);
    }

    private static boolean acceptable(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals(EVENTS_MEDIA_TYPE) || type.equals("application/json");
    }
}
