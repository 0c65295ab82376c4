package dev.nomaddeployer.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.nomad.JobKey;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /ui/api/jobs?q=&page=&per_page=}: every job the index watches, sorted, filtered by a text found in its
 * namespace, ID or an image, one page at a time. Only the page's jobs are looked up in the store, so the cost of a
 * page is its size, whatever the number of jobs.
 */
final class JobsView {
    static final int DEFAULT_PER_PAGE = 50;
    static final int MAX_PER_PAGE = 500;
    /** Decisions read per job to find its newest push in its own namespace (the history filters by job ID). */
    private static final int LAST_PUSH_LOOKUP = 20;

    private final UiSources sources;

    JobsView(UiSources sources) {
        this.sources = sources;
    }

    /** @throws IllegalArgumentException when {@code page} or {@code perPage} is out of range */
    ObjectNode render(String query, int page, int perPage) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, got " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("per_page must be between 1 and " + MAX_PER_PAGE + ", got " + perPage);
        }
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<JobKey> all = sources.index().jobs();
        List<JobKey> matching = needle.isEmpty() ? all : all.stream().filter(job -> matches(job, needle)).toList();
        int from = Math.min(matching.size(), (page - 1) * perPage);
        int to = Math.min(matching.size(), from + perPage);
        Set<JobKey> paused = new HashSet<>();
        for (Restraints.PausedJob job : sources.restraints().paused()) {
            paused.add(job.job());
        }
        ObjectNode body = Json.object().put("query", needle).put("page", page).put("per_page", perPage)
                .put("total", matching.size()).put("watched", all.size());
        ArrayNode jobs = body.putArray("jobs");
        for (JobKey job : matching.subList(from, to)) {
            jobs.add(summary(job, paused.contains(job)));
        }
        return body;
    }

    private boolean matches(JobKey job, String needle) {
        if (job.namespace().toLowerCase(Locale.ROOT).contains(needle)
                || job.jobId().toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        return sources.index().usagesOf(job).stream()
                .anyMatch(usage -> usage.image().toLowerCase(Locale.ROOT).contains(needle));
    }

    private ObjectNode summary(JobKey job, boolean paused) {
        ObjectNode item = Json.object().put("namespace", job.namespace()).put("job", job.jobId())
                .put("paused", paused);
        item.set("images", images(sources.index().usagesOf(job)));
        Optional<HistoryEntry> last = lastDecision(job);
        item.put("last_push_tag", last.map(HistoryEntry::tag).orElse(null))
                .put("last_push_at", last.map(entry -> Json.time(entry.receivedAt() == null ? entry.recordedAt()
                        : entry.receivedAt())).orElse(null))
                .put("last_status", last.map(entry -> entry.outcome().label()).orElse(null));
        item.put("rollout_status", sources.rollouts().latestOf(job).map(rollout -> rollout.status().label())
                .orElse(null));
        return item;
    }

    /** Each image a job runs through a meta key: the key, its value now, and the tag policy that applies. */
    static ArrayNode images(List<JobUsage> usages) {
        ArrayNode images = Json.object().arrayNode();
        for (JobUsage usage : usages) {
            images.add(Json.object().put("task", usage.taskPath()).put("image", usage.image())
                    .put("repository", usage.template().repository()).put("meta_key", usage.metaKey())
                    .put("current_value", usage.currentValue())
                    .put("policy", usage.directive("policy").orElse("default")));
        }
        return images;
    }

    private Optional<HistoryEntry> lastDecision(JobKey job) {
        return sources.history().find(new HistoryQuery(Optional.of(job.jobId()), Optional.empty(), Optional.empty(),
                1, LAST_PUSH_LOOKUP)).stream().filter(entry -> job.namespace().equals(entry.namespace())).findFirst();
    }
}
