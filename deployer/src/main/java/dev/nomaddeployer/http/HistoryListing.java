package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutStatus;
import dev.nomaddeployer.rollout.Rollouts;
import dev.nomaddeployer.rollout.VersionKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * The history's one reading for HTTP: the filters of a query string ({@code job}, {@code repository},
 * {@code status}, {@code rollout}, {@code page}, {@code per_page}) and each decision's JSON, with the rollout of
 * the version it registered. {@code GET /api/v1/deployments} and the web UI both list through it.
 */
public final class HistoryListing {
    private final History history;
    private final Rollouts rollouts;

    public HistoryListing(History history, Rollouts rollouts) {
        this.history = history;
        this.rollouts = rollouts;
    }

    /** @throws IllegalArgumentException saying which parameter is wrong, for a 400 */
    public static HistoryQuery query(Fields query, int defaultPerPage) {
        return new HistoryQuery(value(query, "job"), value(query, "repository"),
                value(query, "status").map(HistoryListing::outcome),
                value(query, "rollout").map(HistoryListing::rolloutStatus),
                number(query, "page", 1), number(query, "per_page", defaultPerPage));
    }

    /** The decisions {@code filter} selects, newest first, each with its rollout when it registered a version. */
    public ArrayNode decisions(HistoryQuery filter) {
        return decisions(history.find(filter));
    }

    /** These decisions as {@link #decisions(HistoryQuery)} shows them. */
    public ArrayNode decisions(List<HistoryEntry> entries) {
        ArrayNode items = Replies.JSON.createArrayNode();
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
        return items;
    }

    public static ObjectNode toJson(HistoryEntry entry) {
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
