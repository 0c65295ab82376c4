package dev.nomaddeployer.discovery;

import dev.nomaddeployer.image.ImageTemplate;
import java.util.Map;
import java.util.Optional;

/**
 * One task of a job that runs an image through a meta variable. {@code metaKey} is the key as written
 * where it resolves, or the variable name when no key resolves it ({@code definedAt} and
 * {@code currentValue} are then null). {@code directives}: the task's effective meta whose keys start with
 * {@value #DIRECTIVE_PREFIX} (task over group over job, per key), how a jobspec tells the service how to treat
 * its images (tag policy, cooldown, ...); kept with the usage so that the index's copy can decide without a read.
 * {@code digest}: where the key of the image's digest variable resolves, when the image follows its tag's digest
 * ({@link ImageTemplate#followsDigest()}); null otherwise.
 */
public record JobUsage(String namespace, String jobId, String group, String task, String image,
                       ImageTemplate template, String metaKey, MetaLevel definedAt, String currentValue,
                       Map<String, String> directives, DigestKey digest) {
    public static final String DIRECTIVE_PREFIX = "nomad-deployer.";

    /**
     * The meta key that holds the digest: as written where it resolves, or the variable name when nothing resolves
     * it ({@code definedAt} and {@code currentValue} are then null), as for the tag's key.
     */
    public record DigestKey(String metaKey, MetaLevel definedAt, String currentValue) {
        public boolean isResolved() {
            return definedAt != null;
        }
    }

    public JobUsage {
        directives = Map.copyOf(directives);
        if ((digest != null) != template.followsDigest()) {
            throw new IllegalArgumentException("a digest key goes with an image that follows a digest, and only then: "
                    + image);
        }
    }

    public JobUsage(String namespace, String jobId, String group, String task, String image, ImageTemplate template,
                    String metaKey, MetaLevel definedAt, String currentValue, Map<String, String> directives) {
        this(namespace, jobId, group, task, image, template, metaKey, definedAt, currentValue, directives, null);
    }

    public JobUsage(String namespace, String jobId, String group, String task, String image, ImageTemplate template,
                    String metaKey, MetaLevel definedAt, String currentValue) {
        this(namespace, jobId, group, task, image, template, metaKey, definedAt, currentValue, Map.of());
    }

    /**
     * The directive {@code name} (without the prefix, e.g. {@code policy}) for this usage's key: the key's own
     * ({@code nomad-deployer.policy.VERSION}) before the job's general one ({@code nomad-deployer.policy}).
     */
    public Optional<String> directive(String name) {
        return directive(directives, name, metaKey);
    }

    /** {@link #directive(String)} over any set of directives, e.g. a job's own for the configured jobs mapping. */
    public static Optional<String> directive(Map<String, String> directives, String name, String metaKey) {
        String own = directives.get(DIRECTIVE_PREFIX + name + "." + metaKey);
        return Optional.ofNullable(own != null ? own : directives.get(DIRECTIVE_PREFIX + name));
    }

    /** Whether the image names its tag's digest through a meta key, which a push must then set too. */
    public boolean followsDigest() {
        return digest != null;
    }

    public boolean isResolved() {
        return definedAt != null;
    }

    /** {@code group/task}, how reasons and logs name the task. */
    public String taskPath() {
        return group + "/" + task;
    }
}
