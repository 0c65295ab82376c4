package dev.nomaddeployer.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.http.HistoryListing;
import dev.nomaddeployer.leadership.LeadershipStatus;
import dev.nomaddeployer.rollout.Rollouts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code GET /ui/api/overview}: the service's state, and its latest decisions and rollout changes. */
final class OverviewView {
    static final int LATEST = 20;
    /** How far back the overview looks for rollout changes; older ones are the history page's. */
    private static final Duration ROLLOUTS_SHOWN = Duration.ofDays(1);
    private static final int ROLLOUT_CHANGES_READ = 1000;

    private final UiSources sources;
    private final HistoryListing listing;

    OverviewView(UiSources sources, HistoryListing listing) {
        this.sources = sources;
        this.listing = listing;
    }

    ObjectNode render() {
        ObjectNode body = Json.object();
        Optional<String> notReady = sources.readiness().notReadyBecause();
        body.put("ready", notReady.isEmpty()).put("not_ready_because", notReady.orElse(null));
        LeadershipStatus leadership = sources.leadership().get();
        ObjectNode leader = body.putObject("leadership").put("replica", leadership.replica())
                .put("leading", leadership.leading());
        leader.put("leader", leadership.leader().filter(lease -> lease.heldAt(sources.clock().instant()))
                .map(lease -> lease.holder()).orElse(null));
        OptionalLong lag = sources.index().lag();
        body.putObject("index").put("source", sources.index().source().name().toLowerCase(java.util.Locale.ROOT))
                .put("warm", sources.index().warm()).put("jobs", sources.index().size())
                .put("lag", lag.isPresent() ? lag.getAsLong() : null);
        int pending = sources.inbox().pendingCount();
        int open = sources.queue().openCount();
        Optional<Instant> oldest = sources.queue().oldestOpen();
        body.putObject("queue").put("depth", pending + open).put("inbox_pending", pending).put("targets_open", open)
                .put("oldest_pending_received_at", oldest.map(Json::time).orElse(null));
        body.set("decisions", listing.decisions(new HistoryQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), 1, LATEST)));
        ArrayNode rollouts = body.putArray("rollouts");
        List<Rollouts.RolloutEvent> changes = sources.rollouts().changesSince(
                sources.clock().instant().minus(ROLLOUTS_SHOWN), ROLLOUT_CHANGES_READ);
        for (int i = changes.size() - 1; i >= Math.max(0, changes.size() - LATEST); i--) {
            rollouts.add(Json.rolloutChange(changes.get(i)));
        }
        return body;
    }
}
