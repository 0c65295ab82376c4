package dev.nomaddeployer.deploy;

import dev.nomaddeployer.discovery.MetaLevel;

/**
 * One meta value the planner sets. {@code group} is null at job level; {@code task} is null at job and
 * group level.
 */
public record MetaChange(MetaLevel level, String group, String task, String key, String oldValue,
                         String newValue) {

    /** Where this key lives, e.g. {@code job}, {@code group web}, {@code task web/web}. */
    public String site() {
        return where(level, group, task);
    }

    /** Where the key lives, e.g. {@code job}, {@code group web}, {@code task web/web}. */
    static String where(MetaLevel level, String group, String task) {
        switch (level) {
            case JOB:
                return "job";
            case GROUP:
                return "group " + group;
            default:
                return "task " + group + "/" + task;
        }
    }
}
