package dev.nomaddeployer.deploy;

import dev.nomaddeployer.nomad.JobKey;

/**
 * One job a push must be applied to. {@code explicitKey} is set when the job was named in the
 * {@code jobs} mapping of the configuration rather than found by its image; it is the meta key to patch.
 */
public record JobRef(JobKey job, String explicitKey) {
    public static JobRef discovered(JobKey job) {
        return new JobRef(job, null);
    }
}
