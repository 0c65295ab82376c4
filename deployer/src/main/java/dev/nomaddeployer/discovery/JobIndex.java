package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.JobKey;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which jobs use which repository, kept current by the index itself (see {@link LiveJobIndex}); callers only
 * look things up, and wait for {@link #warm()} before trusting an empty answer.
 */
public interface JobIndex {
    /** True once the index has read every job at least once, so that "no job runs this" can be believed. */
    boolean warm();

    /** Jobs whose docker tasks run {@code repository} from the registry known as {@code registryHost}. */
    List<JobKey> jobsUsing(String registryHost, String repository);

    /** Every repository some indexed job runs from the registry known as {@code registryHost}, sorted. */
    List<String> repositoriesAt(String registryHost);

    /** The images the indexed copy of {@code job} runs through meta keys, with their current values. */
    List<JobUsage> usagesOf(JobKey job);

    /** Every namespace in which a job with this ID exists (for the explicit {@code jobs} mapping). */
    List<String> namespacesOf(String jobId);

    /** Jobs the index lists but the token may not read: whether they run a pushed image is unknown. */
    List<JobKey> unreadable();

    /**
     * We read or registered {@code job} and it is at {@code jobModifyIndex}: index it from that, so that the
     * index never reads it again for our own write, and a job that was unreadable is known again as soon as
     * the token may read it.
     */
    void learned(ObjectNode job, long jobModifyIndex);

    /**
     * Every indexed job, sorted by namespace then ID: a copy taken at once, for listings (the web UI pages
     * through it); matching a push never needs it.
     */
    default List<JobKey> jobs() {
        return List.of();
    }

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
