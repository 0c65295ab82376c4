package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.NomadException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which jobs use which repository. Kept behind this small interface so that the polling index can be
 * replaced by one fed from Nomad's event stream without touching the worker.
 */
public interface JobIndex {
    /** Brings the index up to date with Nomad; one call may serve many pushes. */
    void refresh() throws NomadException;

    /** Jobs whose docker tasks run {@code repository} from the registry known as {@code registryHost}. */
    List<JobKey> jobsUsing(String registryHost, String repository);

    /** The images the indexed copy of {@code job} runs through meta keys, with their current values. */
    List<JobUsage> usagesOf(JobKey job);

    /** Every namespace in which a job with this ID exists (for the explicit {@code jobs} mapping). */
    List<String> namespacesOf(String jobId);

    /** Jobs the index lists but the token may not read: whether they run a pushed image is unknown. */
    List<JobKey> unreadable();

    /**
     * We read or registered {@code job} and it is at {@code jobModifyIndex}: index it from that, so the next
     * refresh need not read it again (after a burst that would otherwise re-read every job), and a job that was
     * unreadable is known again as soon as the token may read it.
     */
    void learned(ObjectNode job, long jobModifyIndex);

    /** How many jobs are indexed; for logs, readiness and the metrics. */
    int size();

    /** How the index learns of changes in Nomad. */
    enum Source { STREAM, POLLING }

    /** How the index learns of changes right now (it may fall back from the stream to polling); for the metrics. */
    default Source source() {
        return Source.POLLING;
    }

    /**
     * How many Raft indexes Nomad is ahead of what the index has applied, when the index knows Nomad's latest
     * one (a stream or a blocking query tells it); empty when unknown. For the metrics.
     */
    default OptionalLong lag() {
        return OptionalLong.empty();
    }
}
