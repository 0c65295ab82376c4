package dev.nomaddeployer.deploy;

import dev.nomaddeployer.nomad.JobKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pauses and protected tags in the store: what keeps a push from a job, and the operator's switches for it. */
public interface Restraints {
    /** Why {@code push} must not be applied to {@code job}, if something says so. */
    Optional<Restraint> find(JobKey job, PushEvent push);

    /** Pauses automation for {@code job}; false when it was paused already (the first reason stays). */
    boolean pause(JobKey job, String why, String by, Instant now);

    /** Resumes automation for {@code job}; false when it was not paused. */
    boolean resume(JobKey job, String by, Instant now);

    /** Every paused job, oldest pause first. */
    List<PausedJob> paused();

    record PausedJob(JobKey job, Restraint.Paused pause) {}
}
