package dev.nomaddeployer.store;

import dev.nomaddeployer.registry.PushEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** SQL for the targets table, shared by the inbox (which creates targets) and the queue (which works them). */
final class TargetRows {
    private TargetRows() {}

    static void offer(Connection c, StoredPush stored, JobRef job, Instant now) throws SQLException {
        PushEvent push = stored.push();
        long nanos = Times.nanos(push.timestamp());
        try (PreparedStatement select = c.prepareStatement("""
                SELECT event_seq, event_id, event_nanos, received_at, tag, digest, registry_host, state, attempts
                FROM targets WHERE namespace = ? AND job_id = ? AND repository = ?""")) {
            select.setString(1, job.namespace());
            select.setString(2, job.jobId());
            select.setString(3, push.repository());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    long knownNanos = row.getLong("event_nanos");
                    String knownTag = row.getString("tag");
                    if (nanos < knownNanos) {
                        HistoryRows.insert(c, superseded(stored, job, "pushed at " + push.timestamp()
                                + ", before the push of tag " + knownTag + " already received; not applied"), now);
                        return;
                    }
                    if ("pending".equals(row.getString("state"))) {
                        PushEvent replaced = new PushEvent(row.getString("event_id"),
                                Instant.ofEpochSecond(0, knownNanos), row.getString("registry_host"),
                                push.repository(), knownTag, row.getString("digest"), null, null);
                        HistoryRows.insert(c, HistoryEntry.of(new Target(job.namespace(), job.jobId(),
                                push.repository(), job.explicitKey(), row.getLong("event_seq"), replaced,
                                Instant.ofEpochMilli(row.getLong("received_at")), row.getInt("attempts")),
                                Outcome.SUPERSEDED, "replaced by the newer push of tag " + push.tag()
                                        + " before it was applied"), now);
                    }
                    update(c, stored, job, nanos, now);
                    return;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO targets (namespace, job_id, repository, registry_host, explicit_key, event_seq, event_id,
                  event_nanos, received_at, tag, digest, state, attempts, next_attempt_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)""")) {
            insert.setString(1, job.namespace());
            insert.setString(2, job.jobId());
            insert.setString(3, push.repository());
            insert.setString(4, push.registryHost());
            insert.setString(5, job.explicitKey());
            insert.setLong(6, stored.seq());
            insert.setString(7, push.eventId());
            insert.setLong(8, nanos);
            insert.setLong(9, stored.receivedAt().toEpochMilli());
            insert.setString(10, push.tag());
            insert.setString(11, push.digest());
            insert.setLong(12, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    private static void update(Connection c, StoredPush stored, JobRef job, long nanos, Instant now)
            throws SQLException {
        PushEvent push = stored.push();
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE targets SET registry_host = ?, explicit_key = ?, event_seq = ?, event_id = ?, event_nanos = ?,
                  received_at = ?, tag = ?, digest = ?, state = 'pending', attempts = 0, next_attempt_at = 0,
                  last_error = NULL, updated_at = ?
                WHERE namespace = ? AND job_id = ? AND repository = ?""")) {
            update.setString(1, push.registryHost());
            update.setString(2, job.explicitKey());
            update.setLong(3, stored.seq());
            update.setString(4, push.eventId());
            update.setLong(5, nanos);
            update.setLong(6, stored.receivedAt().toEpochMilli());
            update.setString(7, push.tag());
            update.setString(8, push.digest());
            update.setLong(9, now.toEpochMilli());
            update.setString(10, job.namespace());
            update.setString(11, job.jobId());
            update.setString(12, push.repository());
            update.executeUpdate();
        }
    }

    private static HistoryEntry superseded(StoredPush stored, JobRef job, String message) {
        return HistoryEntry.of(new Target(job.namespace(), job.jobId(), stored.push().repository(), job.explicitKey(),
                stored.seq(), stored.push(), stored.receivedAt(), 0), Outcome.SUPERSEDED, message);
    }
}
