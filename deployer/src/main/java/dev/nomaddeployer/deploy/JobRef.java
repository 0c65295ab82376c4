package dev.nomaddeployer.deploy;

import dev.nomaddeployer.nomad.JobKey;

/**
 * One job a push must be applied to. {@code explicitKey} is set when the job was named in the
 * {@code jobs} mapping of the configuration rather than found by its image; it is the meta key to patch.
 * {@code ranking} is not stored: it only decides the newest-wins offer made in the transaction that creates it.
 */
public record JobRef(JobKey job, String explicitKey, TagRanking ranking) {
    public JobRef(JobKey job, String explicitKey) {
        this(job, explicitKey, null);
    }

    public static JobRef discovered(JobKey job) {
        return new JobRef(job, null, null);
    }

    /** {@code ranking}: how the job's tag policy orders pushes waiting for it; null = by arrival. */
    public static JobRef discovered(JobKey job, TagRanking ranking) {
        return new JobRef(job, null, ranking);
    }
}
