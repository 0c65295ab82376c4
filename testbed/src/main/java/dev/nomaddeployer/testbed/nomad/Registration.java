package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One accepted register through the HTTP API; {@code meta} is the job-level Meta (or null). */
public record Registration(Instant time, String namespace, String jobId, long version, long jobModifyIndex,
                           boolean specChanged, ObjectNode meta, ObjectNode job) {
}
