package dev.nomaddeployer.discovery;

import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.nomad.JobKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The index's data: every indexed job, and the inverted map from (registry host, repository) to the jobs that
 * run it, so that matching a push costs the jobs it affects and not the jobs in the cluster. Hosts are keyed
 * as {@link RegistryHosts#normalise} writes them; aliases are resolved when looking up, so changing
 * {@code registry.hosts} needs no re-index. Also remembers which jobs changed since they were last saved.
 * Thread-safe: one writer (the index's own thread) and the redeployers' {@code learned} calls, many readers.
 */
final class JobCatalog {
    private static final Comparator<JobKey> ORDER = Comparator.comparing(JobKey::namespace)
            .thenComparing(JobKey::jobId);

    private record ImageKey(String host, String repository) {}

    private final RegistryHosts hosts;
    private final Map<JobKey, IndexedJob> jobs = new HashMap<>();
    private final Map<ImageKey, Set<JobKey>> byImage = new HashMap<>();
    private final Map<String, Set<String>> namespacesById = new HashMap<>();
    private final Set<JobKey> unreadable = new HashSet<>();
    private final Set<JobKey> unsaved = new LinkedHashSet<>();

    JobCatalog(RegistryHosts hosts) {
        this.hosts = hosts;
    }

    synchronized IndexedJob get(JobKey job) {
        return jobs.get(job);
    }

    synchronized Set<JobKey> keys() {
        return new HashSet<>(jobs.keySet());
    }

    /** The keys copied under the lock, sorted outside it so that writers wait for a copy, not for a sort. */
    List<JobKey> sortedKeys() {
        List<JobKey> keys;
        synchronized (this) {
            keys = new ArrayList<>(jobs.keySet());
        }
        keys.sort(ORDER);
        return keys;
    }

    synchronized int size() {
        return jobs.size();
    }

    /** Replaces what is known of the job. */
    synchronized void put(IndexedJob entry) {
        unindex(jobs.put(entry.job(), entry));
        for (JobUsage usage : entry.usages()) {
            byImage.computeIfAbsent(imageKey(usage), k -> new HashSet<>()).add(entry.job());
        }
        namespacesById.computeIfAbsent(entry.job().jobId(), k -> new TreeSet<>()).add(entry.job().namespace());
        if (entry.unreadable()) {
            unreadable.add(entry.job());
        }
        unsaved.add(entry.job());
    }

    /** Replaces the job only if {@code entry} is newer than what is known (or the known copy is unreadable). */
    synchronized boolean putIfNewer(IndexedJob entry) {
        if (knowsAtLeast(entry.job(), entry.jobModifyIndex())) {
            return false;
        }
        put(entry);
        return true;
    }

    /**
     * True when the job is indexed, readable, at {@code jobModifyIndex} or later: {@link #putIfNewer} would
     * keep what it has, so its caller need not work out the job's usages.
     */
    synchronized boolean knowsAtLeast(JobKey job, long jobModifyIndex) {
        IndexedJob known = jobs.get(job);
        return known != null && !known.unreadable() && known.jobModifyIndex() >= jobModifyIndex;
    }

    /** Forgets the job if what is known of it is not newer than {@code asOfIndex}; whether it was forgotten. */
    synchronized boolean removeUnlessNewer(JobKey job, long asOfIndex) {
        IndexedJob known = jobs.get(job);
        if (known != null && known.jobModifyIndex() <= asOfIndex) {
            remove(job);
            return true;
        }
        return false;
    }

    synchronized void remove(JobKey job) {
        IndexedJob removed = jobs.remove(job);
        if (removed != null) {
            unindex(removed);
            unsaved.add(job);
        }
    }

    /** Loads saved entries without marking them unsaved. */
    synchronized void restore(List<IndexedJob> saved) {
        saved.forEach(this::put);
        unsaved.clear();
    }

    synchronized List<JobKey> jobsUsing(String registryHost, String repository) {
        Set<JobKey> found = new TreeSet<>(ORDER);
        for (String host : hosts.sameRegistry(registryHost)) {
            found.addAll(byImage.getOrDefault(new ImageKey(host, repository), Set.of()));
        }
        return List.copyOf(found);
    }

    synchronized List<String> repositoriesAt(String registryHost) {
        Set<String> names = hosts.sameRegistry(registryHost);
        return byImage.keySet().stream().filter(key -> names.contains(key.host())).map(ImageKey::repository)
                .distinct().sorted().toList();
    }

    synchronized List<String> namespacesOf(String jobId) {
        return List.copyOf(namespacesById.getOrDefault(jobId, Set.of()));
    }

    synchronized List<JobKey> unreadable() {
        List<JobKey> list = new ArrayList<>(unreadable);
        list.sort(ORDER);
        return list;
    }

    /** The changes since the last call: jobs to write and jobs to forget. */
    synchronized Changes takeUnsaved() {
        List<IndexedJob> changed = new ArrayList<>();
        List<JobKey> removed = new ArrayList<>();
        for (JobKey key : unsaved) {
            IndexedJob entry = jobs.get(key);
            if (entry == null) {
                removed.add(key);
            } else {
                changed.add(entry);
            }
        }
        unsaved.clear();
        return new Changes(changed, removed);
    }

    /** A save failed: these are unsaved again. */
    synchronized void unsaved(Changes changes) {
        changes.changed().forEach(entry -> unsaved.add(entry.job()));
        unsaved.addAll(changes.removed());
    }

    record Changes(List<IndexedJob> changed, List<JobKey> removed) {
        boolean isEmpty() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }

    private void unindex(IndexedJob old) {
        if (old == null) {
            return;
        }
        for (JobUsage usage : old.usages()) {
            ImageKey key = imageKey(usage);
            Set<JobKey> users = byImage.get(key);
            if (users != null && users.remove(old.job()) && users.isEmpty()) {
                byImage.remove(key);
            }
        }
        Set<String> namespaces = namespacesById.get(old.job().jobId());
        if (namespaces != null && namespaces.remove(old.job().namespace()) && namespaces.isEmpty()) {
            namespacesById.remove(old.job().jobId());
        }
        unreadable.remove(old.job());
    }

    private static ImageKey imageKey(JobUsage usage) {
        return new ImageKey(RegistryHosts.normalise(usage.template().host()), usage.template().repository());
    }
}
