package dev.nomaddeployer.discovery;

import dev.nomaddeployer.image.ImageTemplate;

/**
 * One task of a job that runs an image through a meta variable. {@code metaKey} is the key as written
 * where it resolves, or the variable name when no key resolves it ({@code definedAt} and
 * {@code currentValue} are then null).
 */
public record JobUsage(String namespace, String jobId, String group, String task, String image,
                       ImageTemplate template, String metaKey, MetaLevel definedAt, String currentValue) {

    public boolean isResolved() {
        return definedAt != null;
    }

    /** {@code group/task}, how reasons and logs name the task. */
    public String taskPath() {
        return group + "/" + task;
    }
}
