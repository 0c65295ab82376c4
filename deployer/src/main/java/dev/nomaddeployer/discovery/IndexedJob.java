package dev.nomaddeployer.discovery;

import dev.nomaddeployer.nomad.JobKey;
import java.util.List;

/**
 * What the index knows of one job: the {@code JobModifyIndex} it was read at and the images it runs through
 * meta keys. {@code unreadable}: the token may not read the job, so its usages are unknown rather than empty.
 * This is also what is kept in the store for a warm restart.
 */
public record IndexedJob(JobKey job, long jobModifyIndex, List<JobUsage> usages, boolean unreadable) {
    public IndexedJob {
        usages = List.copyOf(usages);
    }
}
