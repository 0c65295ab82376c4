package dev.nomaddeployer.store;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.Restraint;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.nomad.JobKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pauses ({@code job_pauses}) and protected tags ({@code protected_tags}); see {@link Restraints}. Pausing and
 * resuming are an operator's switches, not dispatching work, so they are not fenced: any replica may take them.
 */
public final class JdbcRestraints implements Restraints {
    private final Database database;

    public JdbcRestraints(Database database) {
        this.database = database;
    }

    @Override
    public Optional<Restraint> find(JobKey job, PushEvent push) {
        return database.read(c -> RestraintRows.find(c, job, push));
    }

    @Override
    public boolean pause(JobKey job, String why, String by, Instant now) {
        return database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job_pauses (namespace, job_id, reason, paused_by, paused_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (namespace, job_id) DO NOTHING""")) {
                insert.setString(1, job.namespace());
                insert.setString(2, job.jobId());
                insert.setString(3, why);
                insert.setString(4, by);
                insert.setLong(5, now.toEpochMilli());
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            }
            Notices.paused(c, database, job, true, why + " (by " + by + ")", now);
            return true;
        });
    }

    @Override
    public boolean resume(JobKey job, String by, Instant now) {
        return database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM job_pauses WHERE namespace = ? AND job_id = ?")) {
                delete.setString(1, job.namespace());
                delete.setString(2, job.jobId());
                if (delete.executeUpdate() == 0) {
                    return false;
                }
            }
            Notices.paused(c, database, job, false, "resumed by " + by, now);
            return true;
        });
    }

    @Override
    public List<PausedJob> paused() {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT namespace, job_id, reason, paused_by, paused_at"
                    + " FROM job_pauses ORDER BY paused_at, namespace, job_id");
                 ResultSet row = select.executeQuery()) {
                List<PausedJob> jobs = new ArrayList<>();
                while (row.next()) {
                    jobs.add(new PausedJob(new JobKey(row.getString(1), row.getString(2)),
                            new Restraint.Paused(row.getString(3), row.getString(4), Instant.ofEpochMilli(row.getLong(5)))));
                }
                return jobs;
            }
        });
    }
}
