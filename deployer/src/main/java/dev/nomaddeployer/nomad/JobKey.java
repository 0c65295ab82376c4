package dev.nomaddeployer.nomad;

/** A Nomad job by what identifies it: its namespace and its ID. Printed as {@code namespace/id}. */
public record JobKey(String namespace, String jobId) {
    @Override
    public String toString() {
        return namespace + "/" + jobId;
    }
}
