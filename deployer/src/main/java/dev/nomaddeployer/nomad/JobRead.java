package dev.nomaddeployer.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A job exactly as Nomad returned it, with the index EnforceIndex must be given when it is written back. */
public record JobRead(ObjectNode job, long jobModifyIndex) {
    public long version() {
        return job.path("Version").asLong();
    }
}
