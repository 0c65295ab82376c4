package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.deploy.RetryAnswer;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutCause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The target queue in the {@code targets} table; see {@link TargetQueue}. */
public final class JdbcTargetQueue implements TargetQueue {
    /**
     * Due targets, oldest push first. The unary plus keeps SQLite from choosing {@code targets_pending} and then
     * sorting every pending target: walking {@code targets_due} in order stops once enough are claimed.
     */
    static final String CLAIM_DUE = "SELECT " + TargetRows.COLUMNS
            + " FROM targets WHERE state = 'pending' AND +next_attempt_at <= ? ORDER BY received_at, event_seq";

    private final Database database;

    public JdbcTargetQueue(Database database) {
        this.database = database;
    }

    @Override
    public int resumeInterrupted(Fence fence, Instant now) {
        return database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE targets SET state = 'pending', interrupted = 1 WHERE state = 'running'")) {
                return update.executeUpdate();
            }
        });
    }

    @Override
    public List<Target> claimDue(Fence fence, Instant now, int limit, Set<JobKey> busyJobs) {
        return database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            List<Target> claimed = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(CLAIM_DUE);
                 PreparedStatement claim = c.prepareStatement("""
                    UPDATE targets SET state = 'running'
                    WHERE namespace = ? AND job_id = ? AND repository = ? AND event_seq = ?""")) {
                select.setLong(1, now.toEpochMilli());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next() && claimed.size() < limit) {
                        Target target = TargetRows.read(row);
                        if (busyJobs.contains(target.job())
                                || claimed.stream().anyMatch(t -> t.job().equals(target.job()))) {
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
            List<Target> restrained = new ArrayList<>();
            for (Target target : claimed) {
                restrained.add(target.withRestraint(RestraintRows.find(c, target.job(), target.push()).orElse(null)));
            }
            return restrained;
        });
    }

    @Override
    public void finish(Fence fence, Target target, List<Decision> decisions, Instant now) {
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            for (Decision entry : decisions) {
                HistoryRows.insert(c, entry, now);
                if (entry.outcome() == Outcome.REGISTERED) {
                    Notices.registered(c, database, entry, now);
                }
            }
            beginFollowUps(c, decisions, now);
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

    @Override
    public void retryLater(Fence fence, Target target, int attempts, Instant next, String error,
                           List<Decision> decisions, Instant now) {
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            for (Decision entry : decisions) {
                HistoryRows.insert(c, entry, now);
            }
            try (PreparedStatement retry = c.prepareStatement("""
                    UPDATE targets SET state = 'pending', attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?
                    WHERE namespace = ? AND job_id = ? AND repository = ? AND event_seq = ?""")) {
                retry.setInt(1, attempts);
                retry.setLong(2, next.toEpochMilli());
                retry.setString(3, error);
                retry.setLong(4, now.toEpochMilli());
                bindClaim(retry, 5, target);
                if (retry.executeUpdate() == 0) {
                    // A newer push took the slot while this one was being applied, and this attempt changed
                    // nothing: it will never be tried again, so it is recorded as the newer push's to carry.
                    HistoryRows.insert(c, Decision.of(target, Outcome.SUPERSEDED, "replaced by a newer push while"
                            + " it was being tried; not applied"), now);
                }
            }
            return null;
        });
    }

    /** A register's rollout is followed from the moment the register is recorded: a stop in between loses none. */
    private static void beginFollowUps(Connection c, List<Decision> decisions, Instant now) throws SQLException {
        Set<Long> versions = new HashSet<>();
        for (Decision decision : decisions) {
            Decision.Registration registered = decision.registration();
            if (decision.outcome() == Outcome.REGISTERED && registered != null
                    && versions.add(registered.jobVersion())) {
                RolloutRows.begin(c, Rollout.begun(decision.job(), registered.jobVersion(),
                        registered.jobModifyIndex(), registered.evalId(), RolloutCause.PUSH, now));
            }
        }
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

    @Override
    public RetryAnswer retry(JobKey job, String by, Instant now) {
        return database.inTransaction(c -> {
            List<Target> slots = new ArrayList<>();
            List<String> states = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + TargetRows.COLUMNS
                    + " FROM targets WHERE namespace = ? AND job_id = ? ORDER BY repository")) {
                select.setString(1, job.namespace());
                select.setString(2, job.jobId());
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        slots.add(TargetRows.read(row));
                        states.add(row.getString("state"));
                    }
                }
            }
            if (slots.isEmpty()) {
                return new RetryAnswer.NothingToRetry("no push was ever applied to " + job.namespace() + "/"
                        + job.jobId());
            }
            List<Target> reentered = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (int i = 0; i < slots.size(); i++) {
                Target slot = slots.get(i);
                String push = "tag " + slot.push().tag() + " of " + slot.repository();
                if (!"done".equals(states.get(i))) {
                    why.add(push + " is still " + states.get(i) + "; it is applied without a retry");
                    continue;
                }
                Optional<LastDecision> last = lastDecision(c, slot);
                if (last.isEmpty()) {
                    why.add("no decision about " + push + " is left in the history");
                } else if (!last.get().outcome().retryable()) {
                    why.add("the newest push, " + push + ", ended " + last.get().outcome().label());
                } else {
                    reenter(c, slot, now);
                    HistoryRows.insert(c, Decision.of(slot, Outcome.RETRIED, "put back for another try by " + by
                            + " after: " + last.get().message()), now);
                    reentered.add(slot);
                }
            }
            return reentered.isEmpty() ? new RetryAnswer.NothingToRetry(String.join("; ", why))
                    : new RetryAnswer.Reentered(reentered);
        });
    }

    private record LastDecision(Outcome outcome, String message) {}

    /** The last decision recorded about the push holding {@code slot}, for its job. */
    private static Optional<LastDecision> lastDecision(Connection c, Target slot) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT outcome, message FROM history
                WHERE job_id = ? AND namespace = ? AND repository = ? AND event_id = ?
                ORDER BY id DESC LIMIT 1""")) {
            select.setString(1, slot.jobId());
            select.setString(2, slot.namespace());
            select.setString(3, slot.repository());
            select.setString(4, slot.push().eventId());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new LastDecision(Outcome.fromLabel(row.getString(1)), row.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /** The push holding {@code slot} is a fresh pending target again, due at once. */
    private static void reenter(Connection c, Target slot, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE targets SET state = 'pending', attempts = 0, next_attempt_at = 0, last_error = NULL,
                  interrupted = 0, updated_at = ?
                WHERE namespace = ? AND job_id = ? AND repository = ? AND event_seq = ? AND state = 'done'""")) {
            update.setLong(1, now.toEpochMilli());
            bindClaim(update, 2, slot);
            update.executeUpdate();
        }
    }

    @Override
    public List<Waiting> waiting(Optional<String> jobId, int limit) {
        return database.read(c -> {
            List<Waiting> waiting = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + TargetRows.COLUMNS + ", next_attempt_at"
                    + " FROM targets WHERE state = 'pending'" + (jobId.isPresent() ? " AND job_id = ?" : "")
                    + " ORDER BY received_at, event_seq LIMIT ?")) {
                int next = 1;
                if (jobId.isPresent()) {
                    select.setString(next++, jobId.get());
                }
                select.setInt(next, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        waiting.add(new Waiting(TargetRows.read(row),
                                Instant.ofEpochMilli(row.getLong("next_attempt_at"))));
                    }
                }
            }
            return waiting;
        });
    }

    @Override
    public int openCount() {
        return database.read(c -> JdbcInbox.count(c, "SELECT count(*) FROM targets WHERE state <> 'done'"));
    }

    @Override
    public Optional<Instant> oldestOpen() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT min(received_at) FROM targets WHERE state <> 'done'");
                 ResultSet row = select.executeQuery()) {
                long millis = row.next() ? row.getLong(1) : 0;
                return row.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(millis));
            }
        });
    }

    @Override
    public Instant nextDue() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT min(next_attempt_at) FROM targets WHERE state = 'pending'");
                 ResultSet row = select.executeQuery()) {
                long millis = row.next() ? row.getLong(1) : 0;
                return row.wasNull() ? null : Instant.ofEpochMilli(millis);
            }
        });
    }
}
