package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.metrics.DeployerMetrics;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every sender's pushes enter the inbox: stored (committed) before the 2xx, because a sender forgets a
 * delivery once answered; answered 503 when the store cannot take them, so the sender tries again.
 */
final class PushIntake {
    private static final Logger LOG = LoggerFactory.getLogger(PushIntake.class);

    private final Inbox inbox;
    private final DeployerMetrics metrics;
    private final Runnable onAccepted;
    private final Clock clock;

    PushIntake(Inbox inbox, DeployerMetrics metrics, Runnable onAccepted, Clock clock) {
        this.inbox = inbox;
        this.metrics = metrics;
        this.onAccepted = onAccepted;
        this.clock = clock;
    }

    /** @return whether the pushes were stored (the answer is sent either way) */
    boolean accept(List<PushEvent> pushes, List<String> ignored, Response response, Callback callback) {
        int added;
        try {
            added = inbox.accept(pushes, clock.instant());
        } catch (StoreException e) {
            LOG.error("event=webhook_store_failed pushes={} reason=\"{}\"", pushes.size(), e.getMessage());
            Replies.text(response, callback, 503, "could not store the notification; retry later");
            return false;
        }
        for (var push : pushes) {
            LOG.info("event=push_received source={} event_id={} host={} repository={} tag={} digest={}", push.source(),
                    push.eventId(), push.registryHost(), push.repository(), push.tag(), push.digest());
        }
        for (String reason : ignored) {
            LOG.debug("event=notification_ignored reason=\"{}\"", reason);
        }
        metrics.pushesReceived(added, pushes.size() - added, ignored.size());
        if (added > 0) {
            onAccepted.run();
        }
        ObjectNode answer = Replies.JSON.createObjectNode();
        answer.put("accepted", added);
        answer.put("duplicates", pushes.size() - added);
        answer.put("ignored", ignored.size());
        Replies.json(response, callback, 200, answer);
        return true;
    }
}
