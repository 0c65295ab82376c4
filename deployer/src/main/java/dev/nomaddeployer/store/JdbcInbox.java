package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.Inbox.ExpandedPush;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.NewestPushWins;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.leadership.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The inbox in the {@code events} table; see {@link Inbox}. */
public final class JdbcInbox implements Inbox {
    private final Database database;

    public JdbcInbox(Database database) {
        this.database = database;
    }

    /** One event's column values, worked out before its request joins a shared transaction. */
    private record EventRow(PushEvent push, long receivedMillis, String eventTime, long rankNanos) {
        static EventRow of(PushEvent push, Instant receivedAt) {
            return new EventRow(push, receivedAt.toEpochMilli(), push.timestamp().toString(),
                    Times.nanos(NewestPushWins.rank(push.timestamp(), receivedAt)));
        }
    }

    /**
     * Concurrent requests share a commit ({@link Database#inTransaction}). What could fail for one request
     * alone (its values) is computed here first, on the caller's thread, so inside the transaction only the
     * store can fail, and then every request of that commit fails with it. {@code ON CONFLICT DO NOTHING} keeps the
     * count exact when requests of one commit carry the same event id: the first one stored adds it. On a
     * shared store the same holds across replicas: the registry's copy sent to each is stored once.
     * A push another source already reported (same repository, tag and digest; the poll and a late notification,
     * or two senders watching one registry) is a duplicate too. Within one source it is not: a registry reports a
     * re-push of a tag as an event of its own, and its history keeps it.
     */
    @Override
    public int accept(List<PushEvent> pushes, Instant receivedAt) {
        if (pushes.isEmpty()) {
            return 0;
        }
        List<EventRow> rows = pushes.stream().map(push -> EventRow.of(push, receivedAt)).toList();
        return database.inTransaction(c -> {
            int added = 0;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO events (event_id, received_at, event_time, event_nanos, registry_host,
                      repository, tag, digest, media_type, actor, state, source)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                    ON CONFLICT (event_id) DO NOTHING""");
                 PreparedStatement reported = c.prepareStatement("""
                    SELECT 1 FROM events WHERE repository = ? AND tag = ? AND digest = ? AND source <> ?
                    LIMIT 1""")) {
                for (EventRow row : rows) {
                    PushEvent push = row.push();
                    if (push.digest() != null && reportedElsewhere(reported, push)) {
                        continue;
                    }
                    insert.setString(1, push.eventId());
                    insert.setLong(2, row.receivedMillis());
                    insert.setString(3, row.eventTime());
                    insert.setLong(4, row.rankNanos());
                    insert.setString(5, push.registryHost());
                    insert.setString(6, push.repository());
                    insert.setString(7, push.tag());
                    insert.setString(8, push.digest());
                    insert.setString(9, push.mediaType());
                    insert.setString(10, push.actor());
                    insert.setString(11, push.source());
                    added += insert.executeUpdate();
                }
            }
            return added;
        });
    }

    private static boolean reportedElsewhere(PreparedStatement reported, PushEvent push) throws SQLException {
        reported.setString(1, push.repository());
        reported.setString(2, push.tag());
        reported.setString(3, push.digest());
        reported.setString(4, push.source());
        try (ResultSet row = reported.executeQuery()) {
            return row.next();
        }
    }

    @Override
    public List<AcceptedPush> pending(Instant now, int limit) {
        return database.read(c -> {
            List<AcceptedPush> result = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT seq, event_id, received_at, event_time, registry_host, repository, tag, digest,
                      media_type, actor, source, attempts, next_attempt_at
                    FROM events WHERE state = 'pending' ORDER BY seq LIMIT ?""")) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        if (result.isEmpty() && row.getLong("next_attempt_at") > now.toEpochMilli()) {
                            return result;
                        }
                        result.add(new AcceptedPush(row.getLong("seq"), new PushEvent(row.getString("event_id"),
                                Instant.parse(row.getString("event_time")), row.getString("registry_host"),
                                row.getString("repository"), row.getString("tag"), row.getString("digest"),
                                row.getString("media_type"), row.getString("actor"), row.getString("source")),
                                Instant.ofEpochMilli(row.getLong("received_at")), row.getInt("attempts")));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public int pendingCount() {
        return database.read(c -> count(c, "SELECT count(*) FROM events WHERE state = 'pending'"));
    }

    @Override
    public void expand(Fence fence, List<ExpandedPush> pushes, Instant now) {
        if (pushes.isEmpty()) {
            return;
        }
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            try (PreparedStatement done = c.prepareStatement(
                    "UPDATE events SET state = 'expanded', last_error = NULL WHERE seq = ?")) {
                for (ExpandedPush expanded : pushes) {
                    for (JobRef job : expanded.jobs()) {
                        TargetRows.offer(c, expanded.push(), job, now);
                    }
                    for (Decision entry : expanded.decided()) {
                        HistoryRows.insert(c, entry, now);
                    }
                    done.setLong(1, expanded.push().seq());
                    done.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
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
