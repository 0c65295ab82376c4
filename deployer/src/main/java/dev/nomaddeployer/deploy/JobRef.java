package dev.nomaddeployer.deploy;

import dev.nomaddeployer.nomad.JobKey;
import java.time.Duration;

/**
 * One job a push must be applied to. {@code explicitKey} is set when the job was named in the
 * {@code jobs} mapping of the configuration rather than found by its image; it is the meta key to patch.
 * {@code ranking}: how the job's tag policy orders pushes waiting for it (null = by arrival); not stored, it only
 * decides the newest-wins offer made in the transaction that creates it. {@code cooldown}: how old the push must be
 * before it is applied to this job ({@link Cooldowns}).
 */
public record JobRef(JobKey job, String explicitKey, TagRanking ranking, Duration cooldown) {
    public JobRef(JobKey job, String explicitKey) {
        this(job, explicitKey, null, Duration.ZERO);
    }

    public static JobRef discovered(JobKey job) {
        return new JobRef(job, null, null, Duration.ZERO);
    }

    /** {@code ranking}: how the job's tag policy orders pushes waiting for it; null = by arrival. */
    public static JobRef discovered(JobKey job, TagRanking ranking) {
        return new JobRef(job, null, ranking, Duration.ZERO);
    }

    public JobRef withCooldown(Duration value) {
        return new JobRef(job, explicitKey, ranking, value);
    }
}
