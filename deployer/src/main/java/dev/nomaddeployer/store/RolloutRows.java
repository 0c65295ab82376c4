package dev.nomaddeployer.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.rollout.FailingTask;
import dev.nomaddeployer.rollout.GroupProgress;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutCause;
import dev.nomaddeployer.rollout.RolloutStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** SQL for the {@code rollouts} table, shared by the target queue (which begins follow-ups) and {@link JdbcRollouts}. */
final class RolloutRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<GroupProgress>> GROUPS = new TypeReference<>() {};
    private static final TypeReference<List<FailingTask>> FAILURES = new TypeReference<>() {};

    static final String COLUMNS = "id, namespace, job_id, job_version, job_modify_index, eval_id, cause, deployment_id,"
            + " status, description, groups_json, failures_json, rolled_back_to, deployment_index, started_at,"
            + " updated_at, finished_at, next_check_at";

    private RolloutRows() {}

    /** Begins following {@code rollout} unless that version is followed already; returns its id. */
    static long begin(Connection c, Rollout rollout) throws SQLException {
        boolean inserted;
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO rollouts (namespace, job_id, job_version, job_modify_index, eval_id, cause, deployment_id,
                  status, description, groups_json, failures_json, rolled_back_to, deployment_index, started_at,
                  updated_at, finished_at, following, next_check_at)
                VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, '[]', '[]', NULL, 0, ?, ?, NULL, 1, ?)
                ON CONFLICT (namespace, job_id, job_version) DO NOTHING""")) {
            insert.setString(1, rollout.job().namespace());
            insert.setString(2, rollout.job().jobId());
            insert.setLong(3, rollout.jobVersion());
            insert.setLong(4, rollout.jobModifyIndex());
            insert.setString(5, rollout.evalId());
            insert.setString(6, rollout.cause().label());
            insert.setString(7, rollout.status().label());
            insert.setString(8, rollout.description());
            insert.setLong(9, rollout.startedAt().toEpochMilli());
            insert.setLong(10, rollout.updatedAt().toEpochMilli());
            insert.setLong(11, rollout.nextCheckAt().toEpochMilli());
            inserted = insert.executeUpdate() == 1;
        }
        long id;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id FROM rollouts WHERE namespace = ? AND job_id = ? AND job_version = ?")) {
            select.setString(1, rollout.job().namespace());
            select.setString(2, rollout.job().jobId());
            select.setLong(3, rollout.jobVersion());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                id = row.getLong(1);
            }
        }
        if (inserted) {
            addChange(c, id, rollout.startedAt(), rollout.status(), rollout.description());
        }
        return id;
    }

    /** False when the stored state is newer (see {@link dev.nomaddeployer.rollout.Rollouts#record}). */
    static boolean update(Connection c, Rollout rollout) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE rollouts SET deployment_id = ?, status = ?, description = ?, groups_json = ?, failures_json = ?,
                  rolled_back_to = ?, deployment_index = ?, updated_at = ?, finished_at = ?, following = ?,
                  next_check_at = ?
                WHERE id = ? AND deployment_index <= ? AND (following = 1 OR status = 'rolled_out')""")) {
            update.setString(1, rollout.deploymentId());
            update.setString(2, rollout.status().label());
            update.setString(3, rollout.description());
            update.setString(4, write(rollout.groups()));
            update.setString(5, write(rollout.failures()));
            if (rollout.rolledBackTo() == null) {
                update.setNull(6, Types.BIGINT);
            } else {
                update.setLong(6, rollout.rolledBackTo());
            }
            update.setLong(7, rollout.deploymentIndex());
            update.setLong(8, rollout.updatedAt().toEpochMilli());
            if (rollout.finishedAt() == null) {
                update.setNull(9, Types.BIGINT);
            } else {
                update.setLong(9, rollout.finishedAt().toEpochMilli());
            }
            update.setInt(10, rollout.status().finished() ? 0 : 1);
            update.setLong(11, rollout.nextCheckAt().toEpochMilli());
            update.setLong(12, rollout.id());
            update.setLong(13, rollout.deploymentIndex());
            return update.executeUpdate() == 1;
        }
    }

    static void addChange(Connection c, long rolloutId, Instant at, RolloutStatus status, String description)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO rollout_changes (rollout_id, at, status, description) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, rolloutId);
            insert.setLong(2, at.toEpochMilli());
            insert.setString(3, status.label());
            insert.setString(4, description);
            insert.executeUpdate();
        }
    }

    static Rollout byId(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM rollouts WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? read(row) : null;
            }
        }
    }

    static Rollout read(ResultSet row) throws SQLException {
        long backTo = row.getLong("rolled_back_to");
        Long rolledBackTo = row.wasNull() ? null : backTo;
        long finished = row.getLong("finished_at");
        Instant finishedAt = row.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new Rollout(row.getLong("id"), new JobKey(row.getString("namespace"), row.getString("job_id")),
                row.getLong("job_version"), row.getLong("job_modify_index"), row.getString("eval_id"),
                RolloutCause.fromLabel(row.getString("cause")), row.getString("deployment_id"),
                RolloutStatus.fromLabel(row.getString("status")), row.getString("description"),
                readList(row.getString("groups_json"), GROUPS), readList(row.getString("failures_json"), FAILURES),
                rolledBackTo, row.getLong("deployment_index"), Instant.ofEpochMilli(row.getLong("started_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")), finishedAt,
                Instant.ofEpochMilli(row.getLong("next_check_at")));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of plain values always encode", e);
        }
    }

    private static <T> List<T> readList(String json, TypeReference<List<T>> type) throws SQLException {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("a rollout row holds JSON that does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
