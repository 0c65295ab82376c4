package dev.nomaddeployer.deploy;

import dev.nomaddeployer.nomad.JobKey;
import java.time.Duration;

/**
 * One job a push must be applied to. {@code explicitKey} is set when the job was named in the
 * {@code jobs} mapping of the configuration rather than found by its image; it is the meta key to patch.
 * {@code cooldown}: how old the push must be before it is applied to this job ({@link Cooldowns}).
 */
public record JobRef(JobKey job, String explicitKey, Duration cooldown) {
    public JobRef(JobKey job, String explicitKey) {
        this(job, explicitKey, Duration.ZERO);
    }

    public static JobRef discovered(JobKey job) {
        return new JobRef(job, null);
    }

    public JobRef withCooldown(Duration value) {
        return new JobRef(job, explicitKey, value);
    }
}
