package dev.nomaddeployer.rollout;

import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.nomad.JobKey;

/** One version of one job: what a registered decision and its rollout share. */
public record VersionKey(JobKey job, long jobVersion) {

    /** The job version a registered decision created; null for every other decision. */
    public static VersionKey registeredBy(HistoryEntry entry) {
        return entry.outcome() == Outcome.REGISTERED && entry.jobVersion() != null && entry.jobId() != null
                ? new VersionKey(new JobKey(entry.namespace(), entry.jobId()), entry.jobVersion()) : null;
    }
}
