package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.DecisionTally;
import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The decision history in the {@code history} table; see {@link History}. */
public final class JdbcHistory implements History {
    private final Database database;

    public JdbcHistory(Database database) {
        this.database = database;
    }

    @Override
    public List<HistoryEntry> find(HistoryQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM history WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        query.jobId().ifPresent(job -> {
            sql.append(" AND job_id = ?");
            args.add(job);
        });
        query.repository().ifPresent(repository -> {
            sql.append(" AND repository = ?");
            args.add(repository);
        });
        query.outcome().ifPresent(outcome -> {
            sql.append(" AND outcome = ?");
            args.add(outcome.label());
        });
        query.rollout().ifPresent(status -> {
            sql.append(" AND EXISTS (SELECT 1 FROM rollouts r WHERE r.namespace = history.namespace"
                    + " AND r.job_id = history.job_id AND r.job_version = history.job_version AND r.status = ?)");
            args.add(status);
        });
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String arg : args) {
                    select.setString(i++, arg);
                }
                select.setInt(i++, query.perPage());
                select.setLong(i, (long) (query.page() - 1) * query.perPage());
                List<HistoryEntry> entries = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        entries.add(read(row));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public int prune(Instant before) {
        return database.inTransaction(c -> {
            // Ended follow-ups go with the decisions they followed; protected tags stay, they are the point.
            try (PreparedStatement changes = c.prepareStatement("DELETE FROM rollout_changes WHERE rollout_id IN"
                    + " (SELECT id FROM rollouts WHERE following = 0 AND updated_at < ?)");
                 PreparedStatement rollouts = c.prepareStatement(
                         "DELETE FROM rollouts WHERE following = 0 AND updated_at < ?")) {
                changes.setLong(1, before.toEpochMilli());
                changes.executeUpdate();
                rollouts.setLong(1, before.toEpochMilli());
                rollouts.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM history WHERE recorded_at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    private static HistoryEntry read(ResultSet row) throws SQLException {
        long received = row.getLong("received_at");
        Instant receivedAt = row.wasNull() ? null : Instant.ofEpochMilli(received);
        long version = row.getLong("job_version");
        Long jobVersion = row.wasNull() ? null : version;
        return new HistoryEntry(row.getLong("id"), Instant.ofEpochMilli(row.getLong("recorded_at")), receivedAt,
                row.getString("event_id"), row.getString("registry_host"), row.getString("repository"),
                row.getString("tag"), row.getString("digest"), row.getString("namespace"), row.getString("job_id"),
                row.getString("meta_key"), row.getString("old_value"), row.getString("new_value"),
                Outcome.fromLabel(row.getString("outcome")),
                row.getString("message"), row.getInt("attempts"), row.getString("eval_id"), jobVersion);
    }

    @Override
    public DecisionTally decisionsAfter(long after) {
        return database.read(c -> {
            if (after < 0) {
                try (PreparedStatement select = c.prepareStatement("SELECT coalesce(max(id), 0) FROM history");
                     ResultSet row = select.executeQuery()) {
                    return new DecisionTally(row.next() ? row.getLong(1) : 0, Map.of());
                }
            }
            // The id only grows (SQLite: AUTOINCREMENT, PostgreSQL: an identity; never reused, also after pruning),
            // so this reads only new rows.
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT outcome, count(*), max(id) FROM history WHERE id > ? GROUP BY outcome")) {
                select.setLong(1, after);
                long through = after;
                Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        counts.put(Outcome.fromLabel(row.getString(1)), row.getLong(2));
                        through = Math.max(through, row.getLong(3));
                    }
                }
                return new DecisionTally(through, counts);
            }
        });
    }
}
