package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.NomadException;
import java.util.List;

/**
 * Which jobs use which repository. Kept behind this small interface so that the polling index can be
 * replaced by one fed from Nomad's event stream without touching the worker.
 */
public interface JobIndex {
    /** Brings the index up to date with Nomad; one call may serve many pushes. */
    void refresh() throws NomadException;

    /** Jobs whose docker tasks run {@code repository} from the registry known as {@code registryHost}. */
    List<JobKey> jobsUsing(String registryHost, String repository);

    /** Every namespace in which a job with this ID exists (for the explicit {@code jobs} mapping). */
    List<String> namespacesOf(String jobId);

    /**
     * We registered {@code job} and Nomad put it at {@code jobModifyIndex}: index it from what we sent, so
     * the next refresh need not read it again (after a burst that would otherwise re-read every job).
     */
    void registeredByUs(ObjectNode job, long jobModifyIndex);

    /** How many jobs are indexed; for logs and readiness. */
    int size();
}
