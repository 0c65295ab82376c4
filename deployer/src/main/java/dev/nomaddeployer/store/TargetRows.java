package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.AcceptedPush;
import dev.nomaddeployer.deploy.JobRef;
import dev.nomaddeployer.deploy.NewestPushWins;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.nomad.JobKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** SQL for the targets table, shared by the inbox (which creates targets) and the queue (which works them). */
final class TargetRows {
    /** The columns {@link #read} needs. */
    static final String COLUMNS = "namespace, job_id, repository, registry_host, explicit_key, event_seq, event_id,"
            + " event_nanos, received_at, tag, digest, attempts, state, interrupted";

    private TargetRows() {}

    /**
     * Offers {@code stored} to the job's slot for its repository; {@link NewestPushWins} decides. A push that takes
     * the slot is due at once, or once it is as old as the job's cooldown (by its rank, so a forged date cannot
     * shorten the wait).
     */
    static void offer(Connection c, AcceptedPush stored, JobRef job, Instant now) throws SQLException {
        Target offered = Target.of(stored, job);
        Target holder = null;
        boolean holderPending = false;
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                + " FROM targets WHERE namespace = ? AND job_id = ? AND repository = ?")) {
            select.setString(1, job.job().namespace());
            select.setString(2, job.job().jobId());
            select.setString(3, stored.push().repository());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    holder = read(row);
                    holderPending = "pending".equals(row.getString("state"));
                }
            }
        }
        NewestPushWins.Ruling ruling = NewestPushWins.offer(holder, holderPending, offered, job.ranking());
        if (ruling.superseded().isPresent()) {
            HistoryRows.insert(c, ruling.superseded().get(), now);
        }
        if (ruling.takesSlot()) {
            long due = job.cooldown().isZero() ? 0 : offered.rank().plus(job.cooldown()).toEpochMilli();
            write(c, offered, holder == null, due, now);
        }
    }

    static Target read(ResultSet row) throws SQLException {
        return new Target(new JobKey(row.getString("namespace"), row.getString("job_id")),
                row.getString("explicit_key"), row.getLong("event_seq"),
                new PushEvent(row.getString("event_id"), Instant.ofEpochSecond(0, row.getLong("event_nanos")),
                        row.getString("registry_host"), row.getString("repository"), row.getString("tag"),
                        row.getString("digest"), null, null),
                Instant.ofEpochMilli(row.getLong("received_at")), row.getInt("attempts"),
                row.getInt("interrupted") != 0);
    }

    /** Puts {@code target} in its slot as a fresh pending target, inserting the row or replacing its push. */
    private static void write(Connection c, Target target, boolean insert, long dueMillis, Instant now)
            throws SQLException {
        PushEvent push = target.push();
        String sql = insert ? """
                INSERT INTO targets (registry_host, explicit_key, event_seq, event_id, event_nanos, received_at, tag,
                  digest, state, attempts, next_attempt_at, last_error, interrupted, updated_at, namespace, job_id,
                  repository)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, 0, ?, ?, ?, ?)"""
                : """
                UPDATE targets SET registry_host = ?, explicit_key = ?, event_seq = ?, event_id = ?, event_nanos = ?,
                  received_at = ?, tag = ?, digest = ?, state = 'pending', attempts = 0, next_attempt_at = ?,
                  last_error = NULL, interrupted = 0, updated_at = ?
                WHERE namespace = ? AND job_id = ? AND repository = ?""";
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, push.registryHost());
            statement.setString(2, target.explicitKey());
            statement.setLong(3, target.eventSeq());
            statement.setString(4, push.eventId());
            statement.setLong(5, Times.nanos(target.rank()));
            statement.setLong(6, target.receivedAt().toEpochMilli());
            statement.setString(7, push.tag());
            statement.setString(8, push.digest());
            statement.setLong(9, dueMillis);
            statement.setLong(10, now.toEpochMilli());
            statement.setString(11, target.namespace());
            statement.setString(12, target.jobId());
            statement.setString(13, push.repository());
            statement.executeUpdate();
        }
    }
}
