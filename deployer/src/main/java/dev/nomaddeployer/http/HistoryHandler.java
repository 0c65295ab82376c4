package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.DeployWindows;
import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.rollout.Rollouts;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/v1/deployments}: the decision history, newest first, filtered and paged; on the first page also
 * the pushes still waiting to be applied ({@code pending}: for the deploy window, a cooldown, a retry's back-off,
 * or their turn) and, when deploy windows are set, whether one is open and when the next opens.
 */
final class HistoryHandler extends Handler.Abstract {
    private static final int DEFAULT_PER_PAGE = 50;
    private static final int PENDING_SHOWN = 100;

    private final HistoryListing listing;
    private final TargetQueue queue;
    private final DeployWindows windows;
    private final Clock clock;

    HistoryHandler(History history, Rollouts rollouts, TargetQueue queue, DeployWindows windows, Clock clock) {
        this.listing = new HistoryListing(history, rollouts);
        this.queue = queue;
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            return Replies.text(response, callback, 405, "only GET is accepted at /api/v1/deployments");
        }
        HistoryQuery filter;
        try {
            filter = HistoryListing.query(Request.extractQueryParameters(request), DEFAULT_PER_PAGE);
        } catch (IllegalArgumentException e) {
            return Replies.text(response, callback, 400, e.getMessage());
        }
        ArrayNode items = listing.decisions(filter);
        ObjectNode body = Replies.JSON.createObjectNode();
        body.put("page", filter.page());
        body.put("per_page", filter.perPage());
        body.set("deployments", items);
        if (filter.page() == 1) {
            Instant at = clock.instant();
            boolean open = windows.isOpen(at);
            if (!windows.alwaysOpen()) {
                ObjectNode window = body.putObject("window").put("open", open).put("windows", windows.toString());
                window.put("next_opening", open ? null : windows.nextOpening(at).map(Instant::toString).orElse(null));
            }
            ArrayNode pending = body.putArray("pending");
            for (TargetQueue.Waiting waiting : queue.waiting(filter.jobId(), PENDING_SHOWN)) {
                if (filter.repository().isEmpty() || filter.repository().get().equals(waiting.target().repository())) {
                    pending.add(pendingJson(waiting, open, at));
                }
            }
        }
        return Replies.json(response, callback, 200, body);
    }

    /** A waiting push, with what it waits for: the deploy window, a cooldown, a retry's back-off, or its turn. */
    private static ObjectNode pendingJson(TargetQueue.Waiting waiting, boolean windowOpen, Instant now) {
        Target target = waiting.target();
        boolean later = waiting.dueAt().isAfter(now);
        String reason = !windowOpen ? "window" : !later ? "turn" : target.attempts() > 0 ? "retry" : "cooldown";
        return Replies.JSON.createObjectNode()
                .put("namespace", target.namespace())
                .put("job", target.jobId())
                .put("registry", target.push().registryHost())
                .put("repository", target.repository())
                .put("tag", target.push().tag())
                .put("digest", target.push().digest())
                .put("event_id", target.push().eventId())
                .put("received_at", target.receivedAt().toString())
                .put("attempts", target.attempts())
                .put("waiting_for", reason)
                .put("due_at", later ? waiting.dueAt().toString() : null);
    }
}
