package dev.nomaddeployer.testbed.nomad.state;

/** Jobs are unique per namespace; the order is the state store's `id` index (namespace, then ID). */
record JobKey(String namespace, String id) implements Comparable<JobKey> {
    @Override
    public int compareTo(JobKey other) {
        int byNamespace = namespace.compareTo(other.namespace);
        return byNamespace != 0 ? byNamespace : id.compareTo(other.id);
    }

    /** The pagination token Nomad uses for job lists. */
    String token() {
        return namespace + "." + id;
    }
}
