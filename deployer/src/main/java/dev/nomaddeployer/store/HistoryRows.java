package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.Decision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

final class HistoryRows {
    private HistoryRows() {}

    static void insert(Connection c, Decision decision, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO history (recorded_at, received_at, event_id, registry_host, repository, tag, digest,
                  namespace, job_id, meta_key, old_value, new_value, outcome, message, attempts, eval_id, job_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, now.toEpochMilli());
            if (decision.receivedAt() == null) {
                insert.setNull(2, Types.INTEGER);
            } else {
                insert.setLong(2, decision.receivedAt().toEpochMilli());
            }
            insert.setString(3, decision.push().eventId());
            insert.setString(4, decision.push().registryHost());
            insert.setString(5, decision.push().repository());
            insert.setString(6, decision.push().tag());
            insert.setString(7, decision.push().digest());
            insert.setString(8, decision.job() == null ? null : decision.job().namespace());
            insert.setString(9, decision.job() == null ? null : decision.job().jobId());
            insert.setString(10, decision.change() == null ? null : decision.change().key());
            insert.setString(11, decision.change() == null ? null : decision.change().oldValue());
            insert.setString(12, decision.change() == null ? null : decision.change().newValue());
            insert.setString(13, decision.outcome().label());
            insert.setString(14, decision.message());
            insert.setInt(15, decision.attempts());
            if (decision.registration() == null) {
                insert.setNull(16, Types.VARCHAR);
                insert.setNull(17, Types.INTEGER);
            } else {
                insert.setString(16, decision.registration().evalId());
                insert.setLong(17, decision.registration().jobVersion());
            }
            insert.executeUpdate();
        }
    }
}
