package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.nomad.JobKey;
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

    public record Expansion(List<JobRef> jobs, List<Decision> unmatched) {}

    public Expansion expand(AcceptedPush accepted) {
        PushEvent push = accepted.push();
        Set<JobRef> jobs = new LinkedHashSet<>();
        Set<JobKey> discovered = new LinkedHashSet<>(index.jobsUsing(push.registryHost(), push.repository()));
        discovered.forEach(job -> jobs.add(JobRef.discovered(job)));
        List<Decision> unmatched = new ArrayList<>();
        for (String jobId : explicitJobs.getOrDefault(push.repository(), List.of())) {
            List<String> namespaces = index.namespacesOf(jobId);
            if (namespaces.isEmpty()) {
                unmatched.add(Decision.about(accepted, new JobKey("", jobId), Outcome.FAILED, "job " + jobId
                        + " named in the jobs mapping for " + push.repository()
                        + " does not exist in any namespace the token can list"));
            }
            for (String namespace : namespaces) {
                JobKey job = new JobKey(namespace, jobId);
                if (!discovered.contains(job)) {
                    jobs.add(new JobRef(job, EXPLICIT_META_KEY));
                }
            }
        }
        if (jobs.isEmpty() && unmatched.isEmpty()) {
            unmatched.add(Decision.about(accepted, null, Outcome.SKIPPED, "no job runs " + push.registryHost() + "/"
                    + push.repository() + " with a tag taken from job meta"));
        }
        return new Expansion(List.copyOf(jobs), unmatched);
    }
}
