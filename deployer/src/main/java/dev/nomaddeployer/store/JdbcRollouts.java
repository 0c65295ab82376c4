package dev.nomaddeployer.store;

import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutChange;
import dev.nomaddeployer.rollout.RolloutStatus;
import dev.nomaddeployer.rollout.Rollouts;
import dev.nomaddeployer.rollout.ValueSet;
import dev.nomaddeployer.rollout.VersionKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The follow-ups in the {@code rollouts} and {@code rollout_changes} tables; see {@link Rollouts}. */
public final class JdbcRollouts implements Rollouts {
    private final Database database;

    public JdbcRollouts(Database database) {
        this.database = database;
    }

    @Override
    public List<Rollout> due(Instant now, int limit) {
        return database.read(c -> select(c, "SELECT " + RolloutRows.COLUMNS + " FROM rollouts"
                + " WHERE following = 1 AND next_check_at <= ? ORDER BY next_check_at, id LIMIT ?", now.toEpochMilli(),
                limit));
    }

    @Override
    public List<Rollout> open() {
        return database.read(c -> select(c, "SELECT " + RolloutRows.COLUMNS + " FROM rollouts WHERE following = 1"
                + " ORDER BY id"));
    }

    @Override
    public List<Rollout> unstamped(int limit) {
        return database.read(c -> select(c, "SELECT " + RolloutRows.COLUMNS + " FROM rollouts"
                + " WHERE version_tag IS NULL AND cause = 'push' ORDER BY id LIMIT ?", limit));
    }

    @Override
    public void stamped(Fence fence, Map<Long, String> names, Instant now) {
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            try (PreparedStatement update = c.prepareStatement("UPDATE rollouts SET version_tag = ? WHERE id = ?")) {
                for (Map.Entry<Long, String> named : names.entrySet()) {
                    update.setString(1, named.getValue());
                    update.setLong(2, named.getKey());
                    update.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<Rollout> openOf(JobKey job) {
        return database.read(c -> select(c, "SELECT " + RolloutRows.COLUMNS + " FROM rollouts"
                + " WHERE namespace = ? AND job_id = ? AND following = 1 ORDER BY job_version", job.namespace(),
                job.jobId()));
    }

    @Override
    public int followingCount() {
        return database.read(c -> JdbcInbox.count(c, "SELECT count(*) FROM rollouts WHERE following = 1"));
    }

    @Override
    public Optional<Rollout> latestOf(JobKey job) {
        return database.read(c -> select(c, "SELECT " + RolloutRows.COLUMNS + " FROM rollouts WHERE released = 0"
                + " AND id = (SELECT id FROM rollouts WHERE namespace = ? AND job_id = ? ORDER BY job_version DESC"
                + " LIMIT 1)", job.namespace(), job.jobId()).stream().findFirst());
    }

    @Override
    public void release(Fence fence, JobKey job, Instant now) {
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE rollouts SET released = 1 WHERE namespace = ? AND job_id = ? AND released = 0")) {
                update.setString(1, job.namespace());
                update.setString(2, job.jobId());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean record(Fence fence, Rollout rollout, String protectReason, Instant now) {
        return recordAll(fence, List.of(new Step(rollout, protectReason)), now).get(0);
    }

    @Override
    public List<Boolean> recordAll(Fence fence, List<Step> steps, Instant now) {
        return database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            List<Boolean> changes = new ArrayList<>();
            for (Step step : steps) {
                changes.add(record(c, step.rollout(), step.protectReason(), now));
            }
            return changes;
        });
    }

    private boolean record(Connection c, Rollout rollout, String protectReason, Instant now) throws SQLException {
        Rollout stored = RolloutRows.byId(c, rollout.id());
        // Compared in the transaction: an event and a check of the same rollout record one step once.
        boolean changed = stored != null && rollout.changedFrom(stored);
        if (!RolloutRows.update(c, rollout)) {
            return false;
        }
        if (changed) {
            RolloutRows.addChange(c, rollout.id(), now, rollout.status(), rollout.description());
            if (stored.status() != rollout.status()) {
                Notices.ended(c, database, rollout, now);
            }
        }
        if (rollout.status().protectsTag() && protectReason != null) {
            protect(c, new VersionKey(rollout.job(), rollout.jobVersion()), protectReason, now);
        }
        return changed;
    }

    @Override
    public Rollout begin(Fence fence, Rollout rollout, Instant now) {
        return database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            return rollout.withId(RolloutRows.begin(c, rollout));
        });
    }

    @Override
    public void protect(Fence fence, VersionKey version, String reason, Instant now) {
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            protect(c, version, reason, now);
            return null;
        });
    }

    /** Every tag the decisions of {@code version} registered, for the job they registered it on. */
    private static void protect(Connection c, VersionKey version, String reason, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO protected_tags (namespace, job_id, registry_host, repository, tag, digest, job_version,
                  reason, protected_at)
                SELECT DISTINCT namespace, job_id, coalesce(registry_host, ''), repository, tag, coalesce(digest, ''),
                  job_version, ?, ?
                FROM history WHERE job_id = ? AND namespace = ? AND job_version = ? AND outcome = 'registered'
                ON CONFLICT (namespace, job_id, registry_host, repository, tag, digest) DO NOTHING""")) {
            insert.setString(1, reason);
            insert.setLong(2, now.toEpochMilli());
            insert.setString(3, version.job().jobId());
            insert.setString(4, version.job().namespace());
            insert.setLong(5, version.jobVersion());
            insert.executeUpdate();
        }
    }

    @Override
    public List<RolloutChange> changesOf(long rolloutId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT at, status, description FROM rollout_changes WHERE rollout_id = ? ORDER BY at")) {
                select.setLong(1, rolloutId);
                List<RolloutChange> changes = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        changes.add(new RolloutChange(Instant.ofEpochMilli(row.getLong(1)),
                                RolloutStatus.fromLabel(row.getString(2)), row.getString(3)));
                    }
                }
                return changes;
            }
        });
    }

    @Override
    public List<RolloutEvent> changesSince(Instant since, int limit) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT c.rollout_id, r.namespace, r.job_id,"
                    + " r.job_version, c.at, c.status, c.description FROM rollout_changes c"
                    + " JOIN rollouts r ON r.id = c.rollout_id WHERE c.at >= ? ORDER BY c.at LIMIT ?")) {
                select.setLong(1, since.toEpochMilli());
                select.setInt(2, limit);
                List<RolloutEvent> events = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        events.add(new RolloutEvent(row.getLong(1), new JobKey(row.getString(2), row.getString(3)),
                                row.getLong(4), new RolloutChange(Instant.ofEpochMilli(row.getLong(5)),
                                RolloutStatus.fromLabel(row.getString(6)), row.getString(7))));
                    }
                }
                return events;
            }
        });
    }

    @Override
    public Map<VersionKey, Rollout> ofVersions(Collection<VersionKey> versions) {
        if (versions.isEmpty()) {
            return Map.of();
        }
        return database.read(c -> {
            Map<VersionKey, Rollout> found = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + RolloutRows.COLUMNS + " FROM rollouts"
                    + " WHERE namespace = ? AND job_id = ? AND job_version = ?")) {
                for (VersionKey version : new LinkedHashSet<>(versions)) {
                    select.setString(1, version.job().namespace());
                    select.setString(2, version.job().jobId());
                    select.setLong(3, version.jobVersion());
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            found.put(version, RolloutRows.read(row));
                        }
                    }
                }
            }
            return found;
        });
    }

    @Override
    public List<ValueSet> valuesSetIn(VersionKey version) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT meta_key, old_value, new_value FROM history"
                    + " WHERE job_id = ? AND namespace = ? AND job_version = ? AND outcome = 'registered'"
                    + " AND meta_key IS NOT NULL ORDER BY id")) {
                select.setString(1, version.job().jobId());
                select.setString(2, version.job().namespace());
                select.setLong(3, version.jobVersion());
                List<ValueSet> values = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        values.add(new ValueSet(row.getString(1), row.getString(2), row.getString(3)));
                    }
                }
                return values;
            }
        });
    }

    private static List<Rollout> select(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                select.setObject(i + 1, args[i]);
            }
            List<Rollout> rollouts = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rollouts.add(RolloutRows.read(row));
                }
            }
            return rollouts;
        }
    }
}
