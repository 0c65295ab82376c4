package dev.nomaddeployer.store;

import dev.nomaddeployer.registry.PushEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes the webhook accepted and has not yet turned into per-job targets. The registry re-sends an event
 * with the same id until it gets a 2xx, so the id is the deduplication key.
 */
public final class Inbox {
    private final Database database;

    public Inbox(Database database) {
        this.database = database;
    }

    /** Stores the pushes durably (committed on return) and says how many were new. */
    public int accept(List<PushEvent> pushes, Instant receivedAt) {
        if (pushes.isEmpty()) {
            return 0;
        }
        return database.inTransaction(c -> {
            int added = 0;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT OR IGNORE INTO events (event_id, received_at, event_time, event_nanos, registry_host,
                      repository, tag, digest, media_type, actor, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')""")) {
                for (PushEvent push : pushes) {
                    insert.setString(1, push.eventId());
                    insert.setLong(2, receivedAt.toEpochMilli());
                    insert.setString(3, push.timestamp().toString());
                    insert.setLong(4, Times.nanos(push.timestamp()));
                    insert.setString(5, push.registryHost());
                    insert.setString(6, push.repository());
                    insert.setString(7, push.tag());
                    insert.setString(8, push.digest());
                    insert.setString(9, push.mediaType());
                    insert.setString(10, push.actor());
                    added += insert.executeUpdate();
                }
            }
            return added;
        });
    }

    /**
     * Pending pushes in receive order. When the oldest is waiting for a retry nothing is returned, so that
     * pushes are always expanded in the order they arrived.
     */
    public List<StoredPush> pending(Instant now, int limit) {
        return database.inTransaction(c -> {
            List<StoredPush> result = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT seq, event_id, received_at, event_time, registry_host, repository, tag, digest,
                      media_type, actor, attempts, next_attempt_at
                    FROM events WHERE state = 'pending' ORDER BY seq LIMIT ?""")) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        if (result.isEmpty() && row.getLong("next_attempt_at") > now.toEpochMilli()) {
                            return result;
                        }
                        result.add(new StoredPush(row.getLong("seq"), new PushEvent(row.getString("event_id"),
                                Instant.parse(row.getString("event_time")), row.getString("registry_host"),
                                row.getString("repository"), row.getString("tag"), row.getString("digest"),
                                row.getString("media_type"), row.getString("actor")),
                                Instant.ofEpochMilli(row.getLong("received_at")), row.getInt("attempts")));
                    }
                }
            }
            return result;
        });
    }

    public int pendingCount() {
        return database.inTransaction(c -> count(c, "SELECT count(*) FROM events WHERE state = 'pending'"));
    }

    /** The jobs of a push could not be determined now (Nomad unreachable); try again at {@code next}. */
    public void defer(StoredPush push, String error, Instant next) {
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE events SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?")) {
                update.setLong(1, next.toEpochMilli());
                update.setString(2, error);
                update.setLong(3, push.seq());
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Turns a push into one target per job, in one transaction with marking the push done. Per job and
     * repository the newest push wins: by the registry's timestamp, then by our receive order. What loses is
     * recorded in the history as superseded, so no push disappears without a trace.
     */
    public void expand(StoredPush stored, List<JobRef> jobs, List<HistoryEntry> unmatched, Instant now) {
        database.inTransaction(c -> {
            for (JobRef job : jobs) {
                TargetRows.offer(c, stored, job, now);
            }
            for (HistoryEntry entry : unmatched) {
                HistoryRows.insert(c, entry, now);
            }
            try (PreparedStatement done = c.prepareStatement(
                    "UPDATE events SET state = 'expanded', last_error = NULL WHERE seq = ?")) {
                done.setLong(1, stored.seq());
                done.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets expanded pushes older than {@code before}; their ids stop being deduplicated after that. */
    public int prune(Instant before) {
        return database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM events WHERE state = 'expanded' AND received_at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getInt(1) : 0;
        }
    }
}
