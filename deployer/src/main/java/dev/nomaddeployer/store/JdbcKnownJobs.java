package dev.nomaddeployer.store;

import dev.nomaddeployer.discovery.IndexedJob;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.KnownJobs;
import dev.nomaddeployer.discovery.UsagesJson;
import dev.nomaddeployer.nomad.JobKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What the job index learned, in the {@code known_jobs} table; see {@link KnownJobs}. */
public final class JdbcKnownJobs implements KnownJobs {
    private final Database database;

    public JdbcKnownJobs(Database database) {
        this.database = database;
    }

    @Override
    public List<IndexedJob> load() {
        return database.read(c -> {
            List<IndexedJob> jobs = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT namespace, job_id, job_modify_index, unreadable, usages FROM known_jobs");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    JobKey job = new JobKey(row.getString(1), row.getString(2));
                    long jobModifyIndex = row.getLong(3);
                    boolean unreadable = row.getInt(4) != 0;
                    // A row that cannot be read back is left out: the job is then read again from Nomad.
                    Optional<List<JobUsage>> usages = UsagesJson.read(job, row.getString(5));
                    usages.ifPresent(list -> jobs.add(new IndexedJob(job, jobModifyIndex, list, unreadable)));
                }
            }
            return jobs;
        });
    }

    @Override
    public void save(Collection<IndexedJob> changed, Collection<JobKey> removed) {
        database.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO known_jobs (namespace, job_id, job_modify_index, unreadable, usages)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (namespace, job_id) DO UPDATE SET job_modify_index = excluded.job_modify_index,
                      unreadable = excluded.unreadable, usages = excluded.usages""");
                 PreparedStatement delete = c.prepareStatement(
                         "DELETE FROM known_jobs WHERE namespace = ? AND job_id = ?")) {
                for (IndexedJob job : changed) {
                    upsert.setString(1, job.job().namespace());
                    upsert.setString(2, job.job().jobId());
                    upsert.setLong(3, job.jobModifyIndex());
                    upsert.setInt(4, job.unreadable() ? 1 : 0);
                    upsert.setString(5, UsagesJson.write(job.usages()));
                    upsert.addBatch();
                }
                for (JobKey job : removed) {
                    delete.setString(1, job.namespace());
                    delete.setString(2, job.jobId());
                    delete.addBatch();
                }
                upsert.executeBatch();
                delete.executeBatch();
            }
            return null;
        });
    }
}
