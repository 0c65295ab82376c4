package dev.nomaddeployer.nomad;

import java.util.List;

/** Every job stub of one {@code GET /v1/jobs}, with the {@code X-Nomad-Index} the answer was taken at. */
public record JobList(List<JobStub> stubs, long index) {
    public JobList {
        stubs = List.copyOf(stubs);
    }
}
