package dev.nomaddeployer.store;

import dev.nomaddeployer.notify.Notice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * SQL for the notification outbox ({@code notices}, {@code notice_deliveries}). {@link #insert} is called inside
 * the transaction that commits the state a notice reports, so the notice is stored exactly when that state is:
 * a rollback leaves no notice behind, a commit never goes without one.
 */
public final class NoticeRows {
    static final String COLUMNS = "n.id, n.kind, n.at, n.namespace, n.job_id, n.registry_host, n.repository,"
            + " n.meta_key, n.old_value, n.new_value, n.digest, n.job_version, n.deployment_id, n.status,"
            + " n.description, n.failure, n.rolled_back_to, n.event_id";

    /** What {@link #insert} returns when no sink subscribes to the notice's kind, so nothing was stored. */
    public static final long NOT_STORED = 0;

    private NoticeRows() {}

    /**
     * Stores {@code notice} and one pending delivery for each sink subscribed to its kind, on {@code c}, inside
     * the caller's transaction; returns the notice's id (what receivers see as the delivery id), or {@link #NOT_STORED}
     * when no sink subscribes to its kind. {@code dialect} is the store's; both write this SQL alike today.
     */
    public static long insert(Connection c, Dialect dialect, Notice notice) throws SQLException {
        String subscribed = "%," + notice.kind().label() + ",%";
        try (PreparedStatement wanted = c.prepareStatement("SELECT count(*) FROM notice_sinks WHERE events LIKE ?")) {
            wanted.setString(1, subscribed);
            try (ResultSet count = wanted.executeQuery()) {
                if (count.next() && count.getLong(1) == 0) {
                    return NOT_STORED; // nobody is told: nothing is kept that would never be sent nor pruned
                }
            }
        }
        long id;
        // Both databases return the generated key the same way; SQLite has RETURNING since 3.35.
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO notices (kind, at, namespace, job_id, registry_host, repository, meta_key,
                  old_value, new_value, digest, job_version, deployment_id, status, description, failure,
                  rolled_back_to, event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            insert.setString(1, notice.kind().label());
            insert.setLong(2, notice.at().toEpochMilli());
            insert.setString(3, notice.namespace());
            insert.setString(4, notice.jobId());
            insert.setString(5, notice.registryHost());
            insert.setString(6, notice.repository());
            insert.setString(7, notice.metaKey());
            insert.setString(8, notice.oldValue());
            insert.setString(9, notice.newValue());
            insert.setString(10, notice.digest());
            setLong(insert, 11, notice.jobVersion());
            insert.setString(12, notice.deploymentId());
            insert.setString(13, notice.status());
            insert.setString(14, notice.description());
            insert.setString(15, notice.failure());
            setLong(insert, 16, notice.rolledBackTo());
            insert.setString(17, notice.eventId());
            try (ResultSet key = insert.executeQuery()) {
                if (!key.next()) {
                    throw new SQLException("inserting a notice returned no id");
                }
                id = key.getLong(1);
            }
            try (PreparedStatement deliveries = c.prepareStatement("""
                    INSERT INTO notice_deliveries (sink, notice_id, state, attempts, next_attempt_at, updated_at)
                    SELECT name, ?, 'pending', 0, 0, ? FROM notice_sinks WHERE events LIKE ?""")) {
                deliveries.setLong(1, id);
                deliveries.setLong(2, notice.at().toEpochMilli());
                deliveries.setString(3, subscribed);
                deliveries.executeUpdate();
            }
        }
        return id;
    }

    static Notice read(ResultSet row) throws SQLException {
        Notice.Kind kind = Notice.Kind.ofLabel(row.getString("kind"))
                .orElseThrow(() -> new SQLException("unknown notice kind in the store"));
        return new Notice(kind, Instant.ofEpochMilli(row.getLong("at")), row.getString("namespace"),
                row.getString("job_id"), row.getString("registry_host"), row.getString("repository"),
                row.getString("meta_key"), row.getString("old_value"), row.getString("new_value"),
                row.getString("digest"), getLong(row, "job_version"), row.getString("deployment_id"),
                row.getString("status"), row.getString("description"), row.getString("failure"),
                getLong(row, "rolled_back_to"), row.getString("event_id"));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static Long getLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
