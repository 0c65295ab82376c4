package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.registry.PushEvent;
import dev.nomaddeployer.store.HistoryEntry;
import dev.nomaddeployer.store.JobRef;
import dev.nomaddeployer.store.Outcome;
import dev.nomaddeployer.store.StoredPush;
import dev.nomaddeployer.store.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which jobs a push concerns: every job the index finds running the repository, plus the jobs
 * the configuration names for it (the Go tool's {@code jobs} mapping, which patches {@code VERSION}).
 */
public final class Expander {
    /** The meta key the Go tool always patched for jobs named in its mapping. */
    public static final String EXPLICIT_META_KEY = "VERSION";

    private final JobIndex index;
    private final Map<String, List<String>> explicitJobs;

    public Expander(JobIndex index, Map<String, List<String>> explicitJobs) {
        this.index = index;
        this.explicitJobs = explicitJobs;
    }

    public record Expansion(List<JobRef> jobs, List<HistoryEntry> unmatched) {}

    public Expansion expand(StoredPush stored) {
        PushEvent push = stored.push();
        Set<JobRef> jobs = new LinkedHashSet<>();
        Set<String> discovered = new java.util.HashSet<>();
        for (JobIndex.IndexedJob job : index.jobsUsing(push.registryHost(), push.repository())) {
            jobs.add(JobRef.discovered(job.namespace(), job.jobId()));
            discovered.add(job.namespace() + "/" + job.jobId());
        }
        List<HistoryEntry> unmatched = new ArrayList<>();
        for (String jobId : explicitJobs.getOrDefault(push.repository(), List.of())) {
            List<String> namespaces = index.namespacesOf(jobId);
            if (namespaces.isEmpty()) {
                unmatched.add(entry(stored, "", jobId, Outcome.FAILED, "job " + jobId + " named in the jobs mapping for "
                        + push.repository() + " does not exist in any namespace the token can list"));
            }
            for (String namespace : namespaces) {
                if (!discovered.contains(namespace + "/" + jobId)) {
                    jobs.add(new JobRef(namespace, jobId, EXPLICIT_META_KEY));
                }
            }
        }
        if (jobs.isEmpty() && unmatched.isEmpty()) {
            unmatched.add(entry(stored, null, null, Outcome.SKIPPED, "no job runs " + push.registryHost() + "/"
                    + push.repository() + " with a tag taken from job meta"));
        }
        return new Expansion(List.copyOf(jobs), unmatched);
    }

    private static HistoryEntry entry(StoredPush stored, String namespace, String jobId, Outcome outcome, String why) {
        return HistoryEntry.of(new Target(namespace, jobId, stored.push().repository(), null, stored.seq(),
                stored.push(), stored.receivedAt(), 0), outcome, why);
    }
}
