package dev.nomaddeployer.demo;

/**
 * How the decision for one pushed image and one job should end: the history's {@code status} and, for a
 * register, its rollout's status ({@code null} when the decision makes no rollout). {@code story} says it in words.
 */
record Expectation(String namespace, String job, String tag, String digest, String status, String rollout,
                   String story) {
    String jobRef() {
        return namespace + "/" + job;
    }

    String outcome() {
        return rollout == null ? status : status + "/" + rollout;
    }
}
