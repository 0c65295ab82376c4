package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.JobRead;
import dev.nomaddeployer.nomad.JobStub;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job index refreshed by listing jobs: the list carries each job's {@code JobModifyIndex} but not its
 * images, so only jobs whose index moved since the last refresh are read again.
 */
public final class PollingJobIndex implements JobIndex {
    private static final Logger LOG = LoggerFactory.getLogger(PollingJobIndex.class);

    private final NomadClient nomad;
    private final String namespace;
    private final RegistryHosts hosts;
    private volatile Map<JobKey, IndexedEntry> entries = Map.of();

    private record IndexedEntry(JobKey job, long jobModifyIndex, List<JobUsage> usages) {}

    public PollingJobIndex(NomadClient nomad, String namespace, RegistryHosts hosts) {
        this.nomad = nomad;
        this.namespace = namespace;
        this.hosts = hosts;
    }

    @Override
    public synchronized void refresh() throws NomadException {
        Map<JobKey, IndexedEntry> known = entries;
        Map<JobKey, IndexedEntry> next = new HashMap<>();
        int read = 0;
        for (JobStub stub : nomad.listJobs(namespace)) {
            if (stub.isChild()) {
                continue;
            }
            JobKey key = new JobKey(stub.namespace(), stub.id());
            IndexedEntry entry = known.get(key);
            if (entry == null || entry.jobModifyIndex() != stub.jobModifyIndex()) {
                try {
                    JobRead job = nomad.readJob(stub.namespace(), stub.id());
                    entry = new IndexedEntry(key, job.jobModifyIndex(), JobUsages.of(job.job()));
                    read++;
                } catch (NomadException e) {
                    if (e.error().retryable()) {
                        throw e;
                    }
                    // Deleted between list and read, or not readable with this token: index it without usages
                    // so the explicit mapping still finds it and the next refresh tries again.
                    LOG.warn("event=index_read_failed namespace={} job={} reason=\"{}\"", stub.namespace(), stub.id(),
                            e.getMessage());
                    entry = new IndexedEntry(key, -1, List.of());
                }
            }
            next.put(key, entry);
        }
        entries = next;
        if (read > 0) {
            LOG.debug("event=index_refreshed jobs={} read={}", next.size(), read);
        }
    }

    @Override
    public List<JobKey> jobsUsing(String registryHost, String repository) {
        return entries.values().stream()
                .filter(entry -> entry.usages().stream()
                        .anyMatch(usage -> hosts.runs(usage.template(), registryHost, repository)))
                .map(IndexedEntry::job)
                .sorted(Comparator.comparing(JobKey::namespace).thenComparing(JobKey::jobId))
                .toList();
    }

    @Override
    public List<String> namespacesOf(String jobId) {
        return entries.keySet().stream().filter(key -> key.jobId().equals(jobId)).map(JobKey::namespace)
                .sorted().toList();
    }

    @Override
    public synchronized void registeredByUs(ObjectNode job, long jobModifyIndex) {
        JobKey key = new JobKey(job.path("Namespace").asText("default"), job.path("ID").asText());
        IndexedEntry entry = entries.get(key);
        if (entry != null && entry.jobModifyIndex() < jobModifyIndex) {
            Map<JobKey, IndexedEntry> next = new HashMap<>(entries);
            next.put(key, new IndexedEntry(key, jobModifyIndex, JobUsages.of(job)));
            entries = next;
        }
    }

    @Override
    public int size() {
        return entries.size();
    }
}
