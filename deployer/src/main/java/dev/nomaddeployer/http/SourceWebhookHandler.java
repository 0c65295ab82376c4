package dev.nomaddeployer.http;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.metrics.DeployerMetrics;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.webhook.MissingDigests;
import dev.nomaddeployer.webhook.SenderCallbacks;
import dev.nomaddeployer.webhook.SenderCheck;
import dev.nomaddeployer.webhook.SenderProof;
import dev.nomaddeployer.webhook.Verification;
import dev.nomaddeployer.webhook.WebhookRequest;
import dev.nomaddeployer.webhook.WebhookSource;
import dev.nomaddeployer.webhook.WebhookSources;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/<source>} (and {@code /webhooks/<source>/<secret>} for a sender that proves itself by
 * path): every registry sender other than the distribution registry's own notifications. A source is on when its
 * secret is set ({@code webhooks.<source>.secret}); a delivery that does not prove it came from that sender is
 * answered 401 and nothing of it is read further or stored. The network allow-list runs before this handler.
 */
final class SourceWebhookHandler extends Handler.Abstract {
    static final String PREFIX = "/webhooks/";
    private static final Logger LOG = LoggerFactory.getLogger(SourceWebhookHandler.class);

    private final Map<String, String> secrets;
    private final PushIntake intake;
    private final MissingDigests digests;
    private final SenderCallbacks callbacks;
    private final DeployerMetrics metrics;
    private final long maxBodyBytes;
    private final Duration readTimeout;
    private final BooleanSupplier stopping;
    private final Clock clock;

    SourceWebhookHandler(Map<String, String> secrets, PushIntake intake, MissingDigests digests,
                         SenderCallbacks callbacks, DeployerMetrics metrics, long maxBodyBytes, Duration readTimeout,
                         BooleanSupplier stopping, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.intake = intake;
        this.digests = digests;
        this.callbacks = callbacks;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeout = readTimeout;
        this.stopping = stopping;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String[] segments = request.getHttpURI().getPath().substring(PREFIX.length()).split("/", -1);
        Optional<WebhookSource> found = WebhookSources.find(segments[0]);
        if (found.isEmpty()) {
            return Replies.textAndClose(response, callback, 404, "no webhook source \"" + segments[0]
                    + "\"; the sources are " + String.join(", ", WebhookSources.names()));
        }
        WebhookSource source = found.get();
        Callback counted = Callback.from(callback, () -> metrics.webhookAnswered(source.name(), response.getStatus()));
        boolean pathProof = source.proofs().stream().anyMatch(SenderProof.PathSecret.class::isInstance);
        if (segments.length > (pathProof ? 2 : 1)) {
            return Replies.textAndClose(response, counted, 404, "no such path under " + PREFIX + source.name());
        }
        String secret = secrets.get(source.name());
        if (secret == null) {
            LOG.warn("event=webhook_refused source={} reason=\"the source is off: webhooks.{}.secret is not set\"",
                    source.name(), source.name());
            return Replies.textAndClose(response, counted, 404, "webhook source " + source.name()
                    + " is off; set webhooks." + source.name() + ".secret to turn it on");
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return Replies.textAndClose(response, counted, 405, "only POST is accepted at " + PREFIX + source.name());
        }
        if (stopping.getAsBoolean()) {
            return Replies.textAndClose(response, counted, 503, "shutting down; retry later");
        }
        Optional<String> pathSecret = segments.length == 2 ? Optional.of(segments[1]) : Optional.empty();
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.putIfAbsent(field.getName(), field.getValue());
        }
        PostedBody.read(request, response, counted, maxBodyBytes, readTimeout, body -> delivered(source, secret,
                new WebhookRequest(body, headers, pathSecret, clock.instant()), response, counted));
        return true;
    }

    private void delivered(WebhookSource source, String secret, WebhookRequest request, Response response,
                           Callback callback) {
        Verification verification = SenderCheck.check(source.proofs(), request, secret);
        if (verification instanceof Verification.Refused refused) {
            LOG.warn("event=webhook_unauthorized source={} reason=\"{}\"", source.name(), refused.reason());
            Replies.textAndClose(response, callback, 401, "this delivery does not prove it came from "
                    + source.title() + ": " + refused.reason());
            return;
        }
        NotificationBatch batch = source.read(request);
        if (batch instanceof NotificationBatch.Malformed malformed) {
            LOG.warn("event=webhook_rejected source={} reason=\"{}\"", source.name(), malformed.reason());
            Replies.text(response, callback, 400, "malformed " + source.title() + " delivery: " + malformed.reason());
        } else if (batch instanceof NotificationBatch.Accepted accepted) {
            List<PushEvent> pushes;
            try {
                pushes = digests.resolve(accepted.pushes());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Replies.textAndClose(response, callback, 503, "shutting down; retry later");
                return;
            }
            if (intake.accept(pushes, accepted.ignored(), response, callback)) {
                source.callback(request).ifPresent(confirm -> callbacks.confirm(source.name(), confirm));
            }
        } else {
            throw new IllegalStateException("no handling for delivery " + batch);
        }
    }
}
