package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Everything the store keeps per job: the current version, history, summary and allocations. */
final class JobEntry {
    ObjectNode job;
    final List<ObjectNode> versions = new ArrayList<>(); // newest first
    ObjectNode summary;
    final List<Alloc> allocs = new ArrayList<>();

    JobEntry(ObjectNode job) {
        this.job = job;
    }

    String namespace() {
        return job.get("Namespace").asText();
    }

    String id() {
        return job.get("ID").asText();
    }

    long version() {
        return job.get("Version").asLong();
    }

    boolean periodicOrParameterized() {
        return !job.get("Periodic").isNull()
                || (!job.get("ParameterizedJob").isNull() && !job.get("Dispatched").asBoolean());
    }

    boolean stopped() {
        return job.get("Stop").asBoolean();
    }

    String type() {
        return job.get("Type").asText();
    }
}
