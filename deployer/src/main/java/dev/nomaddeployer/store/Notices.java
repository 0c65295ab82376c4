package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.Decision;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.notify.Notice;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * The notices the store's own writes bring: a register, a rollout's end, a pause and a resume. Each is written in
 * the transaction of the state it reports ({@link NoticeRows}), so it is sent exactly when that state committed.
 */
final class Notices {
    /** Rollout ends people are told of; {@code cancelled} and {@code no_deployment} are not news. */
    private static final Map<RolloutStatus, Notice.Kind> ENDS = Map.of(RolloutStatus.ROLLED_OUT,
            Notice.Kind.ROLLED_OUT, RolloutStatus.FAILED, Notice.Kind.FAILED, RolloutStatus.ROLLED_BACK,
            Notice.Kind.ROLLED_BACK);

    private Notices() {}

    static void registered(Connection c, Database database, Decision decision, Instant now) throws SQLException {
        if (decision.change() == null || decision.registration() == null) {
            return;
        }
        NoticeRows.insert(c, database.dialect(), new Notice(Notice.Kind.REGISTERED, now, decision.job().namespace(),
                decision.job().jobId(), decision.push().registryHost(), decision.push().repository(),
                decision.change().key(), decision.change().oldValue(), decision.change().newValue(),
                decision.push().digest(), decision.registration().jobVersion(), null, "registered",
                decision.message(), null, null, decision.push().eventId()));
    }

    /** Tells of {@code rollout}'s end with the push that caused it, read from the register's decision. */
    static void ended(Connection c, Database database, Rollout rollout, Instant now) throws SQLException {
        Notice.Kind kind = ENDS.get(rollout.status());
        if (kind == null) {
            return;
        }
        String host = null;
        String repository = null;
        String key = null;
        String oldValue = null;
        String newValue = null;
        String digest = null;
        String eventId = null;
        try (PreparedStatement select = c.prepareStatement("SELECT registry_host, repository, meta_key, old_value,"
                + " new_value, digest, event_id FROM history WHERE job_id = ? AND namespace = ? AND job_version = ?"
                + " AND outcome = 'registered' ORDER BY id LIMIT 1")) {
            select.setString(1, rollout.job().jobId());
            select.setString(2, rollout.job().namespace());
            select.setLong(3, rollout.jobVersion());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    host = row.getString(1);
                    repository = row.getString(2);
                    key = row.getString(3);
                    oldValue = row.getString(4);
                    newValue = row.getString(5);
                    digest = row.getString(6);
                    eventId = row.getString(7);
                }
            }
        }
        NoticeRows.insert(c, database.dialect(), new Notice(kind, now, rollout.job().namespace(), rollout.job().jobId(),
                host, repository, key, oldValue, newValue, digest, rollout.jobVersion(), rollout.deploymentId(),
                rollout.status().label(), rollout.description(),
                rollout.failures().isEmpty() ? null : rollout.failures().get(0).text(), rollout.rolledBackTo(), eventId));
    }

    static void paused(Connection c, Database database, JobKey job, boolean paused, String why, Instant now)
            throws SQLException {
        NoticeRows.insert(c, database.dialect(), new Notice(paused ? Notice.Kind.PAUSED : Notice.Kind.RESUMED, now,
                job.namespace(), job.jobId(), null, null, null, null, null, null, null, null,
                paused ? "paused" : "resumed", why, null, null, null));
    }
}
