package dev.nomaddeployer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

final class HistoryRows {
    private HistoryRows() {}

    static void insert(Connection c, HistoryEntry entry, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO history (recorded_at, received_at, event_id, registry_host, repository, tag, digest,
                  namespace, job_id, meta_key, old_value, new_value, outcome, message, attempts, eval_id, job_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, now.toEpochMilli());
            if (entry.receivedAt() == null) {
                insert.setNull(2, Types.INTEGER);
            } else {
                insert.setLong(2, entry.receivedAt().toEpochMilli());
            }
            insert.setString(3, entry.eventId());
            insert.setString(4, entry.registryHost());
            insert.setString(5, entry.repository());
            insert.setString(6, entry.tag());
            insert.setString(7, entry.digest());
            insert.setString(8, entry.namespace());
            insert.setString(9, entry.jobId());
            insert.setString(10, entry.metaKey());
            insert.setString(11, entry.oldValue());
            insert.setString(12, entry.newValue());
            insert.setString(13, entry.outcome().label());
            insert.setString(14, entry.message());
            insert.setInt(15, entry.attempts());
            insert.setString(16, entry.evalId());
            if (entry.jobVersion() == null) {
                insert.setNull(17, Types.INTEGER);
            } else {
                insert.setLong(17, entry.jobVersion());
            }
            insert.executeUpdate();
        }
    }
}
