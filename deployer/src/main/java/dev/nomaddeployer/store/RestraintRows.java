package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.Restraint;
import dev.nomaddeployer.nomad.JobKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * What keeps a push from a job, read from {@code job_pauses} and {@code protected_tags}: by the claim of a target
 * (in its own transaction, so the apply path never waits for the store) and by {@link JdbcRestraints}.
 */
final class RestraintRows {
    private RestraintRows() {}

    static Optional<Restraint> find(Connection c, JobKey job, PushEvent push) throws SQLException {
        try (PreparedStatement pause = c.prepareStatement(
                "SELECT reason, paused_by, paused_at FROM job_pauses WHERE namespace = ? AND job_id = ?")) {
            pause.setString(1, job.namespace());
            pause.setString(2, job.jobId());
            try (ResultSet row = pause.executeQuery()) {
                if (row.next()) {
                    return Optional.<Restraint>of(new Restraint.Paused(row.getString(1), row.getString(2),
                            Instant.ofEpochMilli(row.getLong(3))));
                }
            }
        }
        // A protection without a digest (the push carried none) covers the tag under any digest.
        try (PreparedStatement tag = c.prepareStatement("""
                SELECT digest, reason, protected_at FROM protected_tags
                WHERE namespace = ? AND job_id = ? AND registry_host = ? AND repository = ? AND tag = ?
                  AND (digest = ? OR digest = '')""")) {
            tag.setString(1, job.namespace());
            tag.setString(2, job.jobId());
            tag.setString(3, push.registryHost() == null ? "" : push.registryHost());
            tag.setString(4, push.repository());
            tag.setString(5, push.tag());
            tag.setString(6, push.digest() == null ? "" : push.digest());
            try (ResultSet row = tag.executeQuery()) {
                if (row.next()) {
                    return Optional.<Restraint>of(new Restraint.ProtectedTag(push.tag(), row.getString(1),
                            row.getString(2), Instant.ofEpochMilli(row.getLong(3))));
                }
            }
        }
        return Optional.<Restraint>empty();
    }
}
