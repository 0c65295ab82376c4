package dev.nomaddeployer.deploy;

import java.time.Instant;

/** Why the service keeps its hands off a push for a job it would otherwise move. */
public sealed interface Restraint {
    /** What the history says, in full. */
    String reason();

    /** Automation is paused for the job, by an operator or because someone else changed what the service owns. */
    record Paused(String why, String by, Instant at) implements Restraint {
        @Override
        public String reason() {
            return "automation is paused for this job since " + at + " (" + why + "; by " + by
                    + "); resume it with `nomad-deployer resume NAMESPACE/JOB` or POST /api/v1/jobs/NAMESPACE/JOB/resume";
        }
    }

    /** The tag (and digest) failed its rollout on this job, or was rolled back, before. */
    record ProtectedTag(String tag, String digest, String why, Instant at) implements Restraint {
        @Override
        public String reason() {
            return "tag " + tag + (digest.isEmpty() ? "" : " (" + digest + ")") + " is not applied to this job again"
                    + " automatically: " + why + " (" + at + "); a new digest under this tag, or a newer tag, is"
                    + " deployed as usual";
        }
    }
}
