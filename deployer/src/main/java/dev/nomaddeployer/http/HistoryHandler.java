package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.DeployWindows;
import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutStatus;
import dev.nomaddeployer.rollout.Rollouts;
import dev.nomaddeployer.rollout.VersionKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /api/v1/deployments}: the decision history, newest first, filtered and paged; on the first page also
 * the pushes still waiting to be applied ({@code pending}: for the deploy window, a cooldown, a retry's back-off,
 * or their turn) and, when deploy windows are set, whether one is open and when the next opens.
 */
final class HistoryHandler extends Handler.Abstract {
    private static final int DEFAULT_PER_PAGE = 50;
    private static final int PENDING_SHOWN = 100;

    private final History history;
    private final Rollouts rollouts;
    private final TargetQueue queue;
    private final DeployWindows windows;
    private final Clock clock;

    HistoryHandler(History history, Rollouts rollouts, TargetQueue queue, DeployWindows windows, Clock clock) {
        this.history = history;
        this.rollouts = rollouts;
        this.queue = queue;
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            return Replies.text(response, callback, 405, "only GET is accepted at /api/v1/deployments");
        }
        Fields query = Request.extractQueryParameters(request);
        HistoryQuery filter;
        try {
            filter = new HistoryQuery(value(query, "job"), value(query, "repository"),
                    value(query, "status").map(HistoryHandler::outcome),
                    value(query, "rollout").map(HistoryHandler::rolloutStatus),
                    number(query, "page", 1), number(query, "per_page", DEFAULT_PER_PAGE));
        } catch (IllegalArgumentException e) {
            return Replies.text(response, callback, 400, e.getMessage());
        }
        ArrayNode items = Replies.JSON.createArrayNode();
        List<HistoryEntry> entries = history.find(filter);
        Map<VersionKey, Rollout> followed = rollouts.ofVersions(entries.stream().map(VersionKey::registeredBy)
                .filter(Objects::nonNull).toList());
        Instant now = Instant.now();
        for (HistoryEntry entry : entries) {
            ObjectNode item = toJson(entry);
            Rollout rollout = VersionKey.registeredBy(entry) == null ? null
                    : followed.get(VersionKey.registeredBy(entry));
            if (rollout != null) {
                item.set("rollout", RolloutJson.of(rollout, rollouts.changesOf(rollout.id()), now));
            }
            items.add(item);
        }
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

    static ObjectNode toJson(HistoryEntry entry) {
        ObjectNode node = Replies.JSON.createObjectNode();
        node.put("id", entry.id());
        node.put("recorded_at", entry.recordedAt().toString());
        node.put("received_at", entry.receivedAt() == null ? null : entry.receivedAt().toString());
        node.put("event_id", entry.eventId());
        node.put("registry", entry.registryHost());
        node.put("repository", entry.repository());
        node.put("tag", entry.tag());
        node.put("digest", entry.digest());
        node.put("namespace", entry.namespace());
        node.put("job", entry.jobId());
        node.put("meta_key", entry.metaKey());
        node.put("old_value", entry.oldValue());
        node.put("new_value", entry.newValue());
        node.put("status", entry.outcome().label());
        node.put("message", entry.message());
        node.put("attempts", entry.attempts());
        node.put("eval_id", entry.evalId());
        node.put("job_version", entry.jobVersion());
        return node;
    }

    private static Optional<String> value(Fields query, String name) {
        String value = query.getValue(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static int number(Fields query, String name, int fallback) {
        String value = query.getValue(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got \"" + value + "\"");
        }
    }

    private static String rolloutStatus(String value) {
        try {
            return RolloutStatus.fromLabel(value).label();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rollout " + e.getMessage());
        }
    }

    private static Outcome outcome(String value) {
        try {
            return Outcome.fromLabel(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status " + e.getMessage());
        }
    }
}
