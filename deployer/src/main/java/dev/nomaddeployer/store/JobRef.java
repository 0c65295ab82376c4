package dev.nomaddeployer.store;

/**
 * One job a push must be applied to. {@code explicitKey} is set when the job was named in the
 * {@code jobs} mapping of the configuration rather than found by its image; it is the meta key to patch.
 */
public record JobRef(String namespace, String jobId, String explicitKey) {
    public static JobRef discovered(String namespace, String jobId) {
        return new JobRef(namespace, jobId, null);
    }
}
