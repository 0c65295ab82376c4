package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.NewestPushWins;
import dev.nomaddeployer.deploy.PushEvent;
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

    @Override
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
                    insert.setLong(4, Times.nanos(NewestPushWins.rank(push.timestamp(), receivedAt)));
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

    @Override
    public List<AcceptedPush> pending(Instant now, int limit) {
        return database.inTransaction(c -> {
            List<AcceptedPush> result = new ArrayList<>();
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
                        result.add(new AcceptedPush(row.getLong("seq"), new PushEvent(row.getString("event_id"),
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

    @Override
    public int pendingCount() {
        return database.inTransaction(c -> count(c, "SELECT count(*) FROM events WHERE state = 'pending'"));
    }

    @Override
    public void defer(AcceptedPush push, String error, Instant next) {
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

    @Override
    public void expand(AcceptedPush stored, List<JobRef> jobs, List<Decision> unmatched, Instant now) {
        database.inTransaction(c -> {
            for (JobRef job : jobs) {
                TargetRows.offer(c, stored, job, now);
            }
            for (Decision entry : unmatched) {
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
