package dev.nomaddeployer.store;

import dev.nomaddeployer.registry.PushEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Targets waiting to be applied to Nomad. A claimed target is {@code running}; finishing it is a
 * compare-and-set on the push it was claimed with, so a newer push that arrived meanwhile stays pending
 * and is applied next.
 */
public final class TargetQueue {
    private final Database database;

    public TargetQueue(Database database) {
        this.database = database;
    }

    /** After a crash, work that was running is simply due again: the planner makes re-applying harmless. */
    public int resumeInterrupted() {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE targets SET state = 'pending' WHERE state = 'running'")) {
                return update.executeUpdate();
            }
        });
    }

    /** Claims up to {@code limit} due targets, oldest first, skipping jobs in {@code busyJobs}. */
    public List<Target> claimDue(Instant now, int limit, Set<String> busyJobs) {
        return database.inTransaction(c -> {
            List<Target> claimed = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT namespace, job_id, repository, registry_host, explicit_key, event_seq, event_id,
                      event_nanos, received_at, tag, digest, attempts
                    FROM targets WHERE state = 'pending' AND next_attempt_at <= ?
                    ORDER BY received_at, event_seq""");
                 PreparedStatement claim = c.prepareStatement("""
                    UPDATE targets SET state = 'running'
                    WHERE namespace = ? AND job_id = ? AND repository = ? AND event_seq = ?""")) {
                select.setLong(1, now.toEpochMilli());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next() && claimed.size() < limit) {
                        Target target = new Target(row.getString("namespace"), row.getString("job_id"),
                                row.getString("repository"), row.getString("explicit_key"), row.getLong("event_seq"),
                                new PushEvent(row.getString("event_id"),
                                        Instant.ofEpochSecond(0, row.getLong("event_nanos")),
                                        row.getString("registry_host"), row.getString("repository"),
                                        row.getString("tag"), row.getString("digest"), null, null),
                                Instant.ofEpochMilli(row.getLong("received_at")), row.getInt("attempts"));
                        if (busyJobs.contains(target.jobKey())
                                || claimed.stream().anyMatch(t -> t.jobKey().equals(target.jobKey()))) {
                            continue;
                        }
                        claimed.add(target);
                    }
                }
                for (Target target : claimed) {
                    bindClaim(claim, 1, target);
                    claim.executeUpdate();
                }
            }
            return claimed;
        });
    }

    /** Records the decision and marks the target done, unless a newer push replaced it meanwhile. */
    public void finish(Target target, List<HistoryEntry> decisions, Instant now) {
        database.inTransaction(c -> {
            for (HistoryEntry entry : decisions) {
                HistoryRows.insert(c, entry, now);
            }
            try (PreparedStatement done = c.prepareStatement("""
                    UPDATE targets SET state = 'done', last_error = NULL, updated_at = ?
                    WHERE namespace = ? AND job_id = ? AND repository = ? AND event_seq = ?""")) {
                done.setLong(1, now.toEpochMilli());
                bindClaim(done, 2, target);
                done.executeUpdate();
            }
            return null;
        });
    }

    /** Puts the target back for another try at {@code next}; a newer push that replaced it is left alone. */
    public void retryLater(Target target, int attempts, Instant next, String error, Instant now) {
        database.inTransaction(c -> {
            try (PreparedStatement retry = c.prepareStatement("""
                    UPDATE targets SET state = 'pending', attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?
                    WHERE namespace = ? AND job_id = ? AND repository = ? AND event_seq = ?""")) {
                retry.setInt(1, attempts);
                retry.setLong(2, next.toEpochMilli());
                retry.setString(3, error);
                retry.setLong(4, now.toEpochMilli());
                bindClaim(retry, 5, target);
                retry.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Binds the row key plus the push the target was claimed with, from parameter {@code first} on: the
     * statements using it touch the row only if no newer push has replaced that one.
     */
    private static void bindClaim(PreparedStatement statement, int first, Target target) throws SQLException {
        statement.setString(first, target.namespace());
        statement.setString(first + 1, target.jobId());
        statement.setString(first + 2, target.repository());
        statement.setLong(first + 3, target.eventSeq());
    }

    /** Targets not yet done (pending or running); zero means every accepted push has been applied. */
    public int openCount() {
        return database.inTransaction(c -> Inbox.count(c, "SELECT count(*) FROM targets WHERE state <> 'done'"));
    }

    /** The earliest time a pending target becomes due, so the dispatcher can sleep until then. */
    public Instant nextDue() {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT min(next_attempt_at) FROM targets WHERE state = 'pending'");
                 ResultSet row = select.executeQuery()) {
                long millis = row.next() ? row.getLong(1) : 0;
                return row.wasNull() ? null : Instant.ofEpochMilli(millis);
            }
        });
    }
}
