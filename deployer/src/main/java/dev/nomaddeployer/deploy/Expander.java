package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.nomad.JobKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which jobs a push concerns: every job the index finds running the repository, plus the jobs
 * the configuration names for it (the Go tool's {@code jobs} mapping, which patches {@code VERSION}).
 */
public final class Expander {
    /** The meta key the Go tool always patched for jobs named in its mapping. */
    public static final String EXPLICIT_META_KEY = "VERSION";

    private final JobIndex index;
    private final Planner planner;
    private final Cooldowns cooldowns;
    private final Map<String, List<String>> explicitJobs;

    public Expander(JobIndex index, Planner planner, Cooldowns cooldowns, Map<String, List<String>> explicitJobs) {
        this.index = index;
        this.planner = planner;
        this.cooldowns = cooldowns;
        this.explicitJobs = explicitJobs;
    }

    /** {@code decided}: what is recorded at once, for jobs that get no target (and when no job matches). */
    public record Expansion(List<JobRef> jobs, List<Decision> decided) {}

    public Expansion expand(AcceptedPush accepted) {
        PushEvent push = accepted.push();
        Set<JobRef> jobs = new LinkedHashSet<>();
        Set<JobKey> discovered = new LinkedHashSet<>(index.jobsUsing(push.registryHost(), push.repository()));
        List<Decision> decided = new ArrayList<>();
        for (JobKey job : discovered) {
            List<JobUsage> usages = index.usagesOf(job);
            Planner.Admission admission = planner.admit(usages, push);
            if (admission instanceof Planner.Admission.Refused refused) {
                decided.add(Decision.about(accepted, job, Outcome.SKIPPED, refused.reason()));
                continue;
            }
            // A cooldown that cannot be read leaves the job alone, never deployed by a guess.
            Cooldowns.Reading cooldown = cooldowns.read(usages, push);
            if (cooldown.problem().isPresent()) {
                decided.add(Decision.about(accepted, job, Outcome.SKIPPED, cooldown.problem().get()));
            } else {
                jobs.add(JobRef.discovered(job, ((Planner.Admission.Admitted) admission).ranking())
                        .withCooldown(cooldown.cooldown()));
            }
        }
        for (String jobId : explicitJobs.getOrDefault(push.repository(), List.of())) {
            List<String> namespaces = index.namespacesOf(jobId);
            if (namespaces.isEmpty()) {
                decided.add(Decision.about(accepted, new JobKey("", jobId), Outcome.FAILED, "job " + jobId
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
        // A job the token may not read could run this image: its target fails visibly, and is applied once the
        // token may read the job (JobRedeployer), instead of the push being called a match for no job.
        Set<JobKey> chosen = jobs.stream().map(JobRef::job).collect(Collectors.toSet());
        index.unreadable().stream().filter(job -> !chosen.contains(job)).forEach(job -> jobs.add(JobRef.discovered(job)));
        if (jobs.isEmpty() && decided.isEmpty()) {
            decided.add(Decision.about(accepted, null, Outcome.SKIPPED, "no job runs " + push.registryHost() + "/"
                    + push.repository() + " with a tag taken from job meta"));
        }
        return new Expansion(List.copyOf(jobs), decided);
    }
}
