package dev.nomaddeployer.nomad;

/** The few fields of a {@code GET /v1/jobs} stub that tell whether a cached job is still current. */
public record JobStub(String namespace, String id, long jobModifyIndex, String parentId, boolean stop) {
    /** Children of periodic or parameterized jobs are launched copies; only their parent is ever redeployed. */
    public boolean isChild() {
        return parentId != null && !parentId.isEmpty();
    }
}
