package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.nomad.JobRead;
import dev.nomaddeployer.nomad.JobStub;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadError;
import dev.nomaddeployer.nomad.NomadException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private volatile Map<String, IndexedEntry> entries = Map.of();

    private record IndexedEntry(String namespace, String jobId, long jobModifyIndex, List<JobUsage> usages) {}

    public PollingJobIndex(NomadClient nomad, String namespace, RegistryHosts hosts) {
        this.nomad = nomad;
        this.namespace = namespace;
        this.hosts = hosts;
    }

    @Override
    public synchronized void refresh() throws NomadException {
        Map<String, IndexedEntry> known = entries;
        Map<String, IndexedEntry> next = new HashMap<>();
        int read = 0;
        for (JobStub stub : nomad.listJobs(namespace)) {
            if (stub.isChild()) {
                continue;
            }
            String key = stub.namespace() + "/" + stub.id();
            IndexedEntry entry = known.get(key);
            if (entry == null || entry.jobModifyIndex() != stub.jobModifyIndex()) {
                try {
                    JobRead job = nomad.readJob(stub.namespace(), stub.id());
                    entry = new IndexedEntry(stub.namespace(), stub.id(), job.jobModifyIndex(),
                            JobUsages.of(job.job()));
                    read++;
                } catch (NomadException e) {
                    if (!(e.error() instanceof NomadError.Permanent)) {
                        throw e;
                    }
                    // Deleted between list and read, or not readable with this token: index it without usages
                    // so the explicit mapping still finds it and the next refresh tries again.
                    LOG.warn("event=index_read_failed namespace={} job={} reason=\"{}\"", stub.namespace(), stub.id(),
                            e.getMessage());
                    entry = new IndexedEntry(stub.namespace(), stub.id(), -1, List.of());
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
    public List<IndexedJob> jobsUsing(String registryHost, String repository) {
        List<IndexedJob> jobs = new ArrayList<>();
        for (IndexedEntry entry : entries.values()) {
            Set<String> seen = new HashSet<>();
            for (JobUsage usage : entry.usages()) {
                if (usage.template().repository().equals(repository)
                        && hosts.matches(registryHost, usage.template().host())
                        && seen.add(entry.jobId())) {
                    jobs.add(new IndexedJob(entry.namespace(), entry.jobId()));
                }
            }
        }
        jobs.sort(java.util.Comparator.comparing(IndexedJob::namespace).thenComparing(IndexedJob::jobId));
        return jobs;
    }

    @Override
    public List<String> namespacesOf(String jobId) {
        return entries.values().stream().filter(e -> e.jobId().equals(jobId)).map(IndexedEntry::namespace)
                .sorted().toList();
    }

    @Override
    public synchronized void registeredByUs(ObjectNode job, long jobModifyIndex) {
        String namespace = job.path("Namespace").asText("default");
        String jobId = job.path("ID").asText();
        String key = namespace + "/" + jobId;
        IndexedEntry entry = entries.get(key);
        if (entry != null && entry.jobModifyIndex() < jobModifyIndex) {
            Map<String, IndexedEntry> next = new HashMap<>(entries);
            next.put(key, new IndexedEntry(namespace, jobId, jobModifyIndex, JobUsages.of(job)));
            entries = next;
        }
    }

    @Override
    public int size() {
        return entries.size();
    }
}
