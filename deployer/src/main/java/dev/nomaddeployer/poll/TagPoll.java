package dev.nomaddeployer.poll;

import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.leadership.Leadership;
import dev.nomaddeployer.metrics.DeployerMetrics;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.registryapi.RegistryFailure;
import dev.nomaddeployer.registryapi.RegistryReader;
import dev.nomaddeployer.registryapi.TagListing;
import dev.nomaddeployer.registryapi.TagLookup;
import dev.nomaddeployer.webhook.EventIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backstop for lost notifications: every {@code poll.interval}, and once the job index is warm, the leader lists
 * the tags of each repository that watched jobs run at each registry of {@code registries}, and enters what no
 * notification brought ({@link WantedTags}) as pushes of source {@value #SOURCE}, into the same inbox. A push is named
 * by what it is (registry, repository, tag, digest), so the next poll finds it a duplicate, and a notification of the
 * same tag and digest arriving later is one too (the inbox tells the same push from two sources apart).
 * A registry that is backing off (429, unreachable) is skipped until its back-off ends; a failure ends that
 * registry's round and is logged and counted, never thrown.
 */
public final class TagPoll implements AutoCloseable {
    public static final String SOURCE = "poll";
    private static final Logger LOG = LoggerFactory.getLogger(TagPoll.class);

    private final List<RegistryReader> readers;
    private final RegistryHosts hosts;
    private final JobIndex index;
    private final Inbox inbox;
    private final Leadership leadership;
    private final Duration interval;
    private final Runnable onAccepted;
    private final DeployerMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public TagPoll(List<RegistryReader> readers, RegistryHosts hosts, JobIndex index, Inbox inbox,
                   Leadership leadership, Duration interval, Runnable onAccepted, DeployerMetrics metrics, Clock clock) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("a poll needs a positive interval, not " + interval);
        }
        this.readers = List.copyOf(readers);
        this.hosts = hosts;
        this.index = index;
        this.inbox = inbox;
        this.leadership = leadership;
        this.interval = interval;
        this.onAccepted = onAccepted;
        this.metrics = metrics;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tag-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls soon, off the caller's thread: when the index turns warm, what was lost while the service was down. */
    public void wake() {
        timer.execute(this::round);
    }

    /** One round over every registry; public for the tests that drive it. Never throws. */
    public void round() {
        try {
            if (!index.warm() || leadership.fence().isEmpty()) {
                return;
            }
            for (RegistryReader reader : readers) {
                poll(reader);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("event=poll_failed reason=\"{}\"", e.toString(), e);
        }
    }

    private void poll(RegistryReader reader) throws InterruptedException {
        String registry = reader.endpoint().hostPort();
        Instant now = clock.instant();
        Optional<Instant> backingOff = reader.backingOffUntil();
        if (backingOff.isPresent() && backingOff.get().isAfter(now)) {
            LOG.debug("event=poll_skipped registry={} until={}", registry, backingOff.get());
            metrics.pollRound(registry, "backing_off");
            return;
        }
        List<PushEvent> found = new ArrayList<>();
        for (String repository : index.repositoriesAt(registry)) {
            TagListing listing = reader.listTags(repository);
            if (listing instanceof RegistryFailure failure) {
                LOG.warn("event=poll_failed registry={} repository={} reason=\"{}\"", registry, repository, failure);
                metrics.pollRound(registry, failure.retryable() ? "retry_later" : "refused");
                enter(registry, found);
                return;
            }
            if (listing instanceof TagListing.Listed listed) {
                WantedTags wanted = WantedTags.of(usages(registry, repository), listed.tags());
                for (String tag : wanted.tags()) {
                    TagLookup lookup = reader.lookup(repository, tag);
                    if (lookup instanceof TagLookup.Points points && wanted.isPush(tag, points.digest())) {
                        found.add(push(registry, repository, tag, points.digest()));
                    } else if (lookup instanceof RegistryFailure failure) {
                        LOG.warn("event=poll_failed registry={} repository={} tag={} reason=\"{}\"", registry,
                                repository, tag, failure);
                        metrics.pollRound(registry, failure.retryable() ? "retry_later" : "refused");
                        enter(registry, found);
                        return;
                    }
                }
            }
            // UnknownRepository: the jobs name an image this registry does not have; nothing to find.
        }
        metrics.pollRound(registry, "listed");
        enter(registry, found);
    }

    private List<JobUsage> usages(String registry, String repository) {
        List<JobUsage> usages = new ArrayList<>();
        for (JobKey job : index.jobsUsing(registry, repository)) {
            for (JobUsage usage : index.usagesOf(job)) {
                if (hosts.runs(usage.template(), registry, repository)) {
                    usages.add(usage);
                }
            }
        }
        return usages;
    }

    private PushEvent push(String registry, String repository, String tag, String digest) {
        String name = registry + "/" + repository + ":" + tag + "@" + digest;
        return new PushEvent(EventIds.ofContent(SOURCE, name), clock.instant(), registry, repository, tag, digest,
                null, null, SOURCE);
    }

    private void enter(String registry, List<PushEvent> pushes) {
        if (pushes.isEmpty()) {
            return;
        }
        int added;
        try {
            added = inbox.accept(pushes, clock.instant());
        } catch (StoreException e) {
            // Found again next round: nothing is lost but time.
            LOG.error("event=poll_store_failed registry={} pushes={} reason=\"{}\"", registry, pushes.size(),
                    e.getMessage());
            return;
        }
        for (PushEvent push : pushes) {
            LOG.info("event=push_found source={} event_id={} host={} repository={} tag={} digest={}", SOURCE,
                    push.eventId(), push.registryHost(), push.repository(), push.tag(), push.digest());
        }
        metrics.pollPushes(registry, added);
        if (added > 0) {
            onAccepted.run();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
