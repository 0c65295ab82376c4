package dev.nomaddeployer.discovery;

import dev.nomaddeployer.nomad.JobKey;
import java.util.Collection;
import java.util.List;

/**
 * Where the index keeps what it learned across restarts, so that a restart lists the jobs once and reads only
 * those whose {@code JobModifyIndex} moved. Implemented by the store; failures are unchecked (the store's own).
 */
public interface KnownJobs {
    /** Everything saved, in no particular order. */
    List<IndexedJob> load();

    /** Writes {@code changed} and forgets {@code removed}, in one transaction. */
    void save(Collection<IndexedJob> changed, Collection<JobKey> removed);
}
