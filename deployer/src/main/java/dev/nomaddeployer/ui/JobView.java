package dev.nomaddeployer.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.HistoryEntry;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.http.HistoryListing;
import dev.nomaddeployer.http.RolloutJson;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.NomadUiLinks;
import dev.nomaddeployer.notify.Notice;
import dev.nomaddeployer.notify.NoticeOutbox;
import dev.nomaddeployer.rollout.Rollout;
import dev.nomaddeployer.rollout.RolloutChange;
import dev.nomaddeployer.rollout.VersionKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /ui/api/jobs/NAMESPACE/JOB}: what the index knows of one job (its images, meta keys, values, policy),
 * whether it is paused, its last rollout, and its timeline, oldest first: each push, the decision made on it, the
 * status changes of the rollout that decision began (with Nomad's own words), the notices sent about it (and
 * where each sink's delivery stands), and pushes still waiting.
 */
final class JobView {
    /** The newest decisions the timeline shows; older ones are the history page's. */
    static final int DECISIONS_SHOWN = 100;

    private record Item(Instant at, int order, ObjectNode node) {}

    private final UiSources sources;
    private final HistoryListing listing;

    JobView(UiSources sources, HistoryListing listing) {
        this.sources = sources;
        this.listing = listing;
    }

    /** Empty when neither the index nor the history knows the job. */
    Optional<ObjectNode> render(JobKey job) {
        List<HistoryEntry> decisions = sources.history().find(new HistoryQuery(Optional.of(job.jobId()),
                Optional.empty(), Optional.empty(), 1, DECISIONS_SHOWN)).stream()
                .filter(entry -> job.namespace().equals(entry.namespace())).toList();
        var usages = sources.index().usagesOf(job);
        List<TargetQueue.Waiting> waiting = sources.queue().waiting(Optional.of(job.jobId()), DECISIONS_SHOWN).stream()
                .filter(w -> w.target().namespace().equals(job.namespace())).toList();
        if (usages.isEmpty() && decisions.isEmpty() && waiting.isEmpty() && !sources.index().jobs().contains(job)) {
            return Optional.empty();
        }
        ObjectNode body = Json.object().put("namespace", job.namespace()).put("job", job.jobId())
                .put("nomad_url", NomadUiLinks.jobPage(sources.nomadUi(), job.namespace(), job.jobId()).orElse(null));
        body.set("images", JobsView.images(usages));
        Optional<Restraints.PausedJob> paused = sources.restraints().paused().stream()
                .filter(p -> p.job().equals(job)).findFirst();
        body.put("paused", paused.isPresent());
        paused.ifPresent(p -> body.putObject("pause").put("reason", p.pause().why()).put("by", p.pause().by())
                .put("at", Json.time(p.pause().at())));
        Instant now = sources.clock().instant();
        Optional<Rollout> latest = sources.rollouts().latestOf(job);
        body.put("rollout_status", latest.map(r -> r.status().label()).orElse(null));
        latest.ifPresent(r -> body.set("rollout", RolloutJson.of(r, sources.rollouts().changesOf(r.id()), now)));
        body.set("timeline", timeline(job, decisions, waiting));
        return Optional.of(body);
    }

    private ArrayNode timeline(JobKey job, List<HistoryEntry> decisions, List<TargetQueue.Waiting> waiting) {
        List<Item> items = new ArrayList<>();
        Set<String> pushes = new HashSet<>();
        ArrayNode decided = listing.decisions(decisions);
        for (int i = 0; i < decisions.size(); i++) {
            HistoryEntry entry = decisions.get(i);
            if (entry.eventId() != null && entry.receivedAt() != null && pushes.add(entry.eventId())) {
                items.add(new Item(entry.receivedAt(), 0, push(entry.registryHost(), entry.repository(), entry.tag(),
                        entry.digest(), entry.eventId(), entry.receivedAt(), false)));
            }
            ObjectNode decision = (ObjectNode) decided.get(i);
            decision.remove("rollout");
            items.add(new Item(entry.recordedAt(), 1, decision.put("kind", "decision").put("at",
                    Json.time(entry.recordedAt()))));
        }
        Map<VersionKey, Rollout> rollouts = sources.rollouts().ofVersions(decisions.stream()
                .map(VersionKey::registeredBy).filter(Objects::nonNull).toList());
        for (Rollout rollout : rollouts.values()) {
            for (RolloutChange change : sources.rollouts().changesOf(rollout.id())) {
                items.add(new Item(change.at(), 2, Json.object().put("kind", "rollout")
                        .put("at", Json.time(change.at())).put("job_version", rollout.jobVersion())
                        .put("status", change.status().label()).put("message", change.description())));
            }
        }
        for (NoticeOutbox.Sent sent : sources.notices().ofJob(job.namespace(), job.jobId(), DECISIONS_SHOWN)) {
            Notice notice = sent.notice();
            ObjectNode node = Json.object().put("kind", "notice").put("at", Json.time(notice.at()))
                    .put("status", notice.kind().label()).put("job_version", notice.jobVersion())
                    .put("message", notice.failure() != null ? notice.failure() : notice.description());
            ObjectNode deliveries = node.putObject("deliveries");
            sent.deliveries().forEach(deliveries::put);
            items.add(new Item(notice.at(), 3, node));
        }
        for (TargetQueue.Waiting w : waiting) {
            var push = w.target().push();
            if (pushes.add(push.eventId())) {
                items.add(new Item(w.target().receivedAt(), 0, push(push.registryHost(), w.target().repository(),
                        push.tag(), push.digest(), push.eventId(), w.target().receivedAt(), true)));
            }
        }
        items.sort(Comparator.comparing(Item::at).thenComparingInt(Item::order));
        ArrayNode timeline = Json.object().arrayNode();
        items.forEach(item -> timeline.add(item.node()));
        return timeline;
    }

    private static ObjectNode push(String registry, String repository, String tag, String digest, String eventId,
                                   Instant at, boolean pending) {
        return Json.object().put("kind", "push").put("at", Json.time(at)).put("registry", registry)
                .put("repository", repository).put("tag", tag).put("digest", digest).put("event_id", eventId)
                .put("pending", pending);
    }
}
