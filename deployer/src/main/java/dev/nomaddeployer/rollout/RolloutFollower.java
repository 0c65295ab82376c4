package dev.nomaddeployer.rollout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Backoff;
import dev.nomaddeployer.deploy.Deposed;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.discovery.JobChangeListener;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.Leadership;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.NomadException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every rollout the service caused to its end, while this replica leads. Nomad's event stream (the same
 * one the job index reads) brings deployment changes as they happen and they are applied from their payload;
 * every unfinished rollout is also read from Nomad now and then (at {@code recheck}), and with blocking queries
 * while the stream is down, so a lost frame or a restart only delays an end. Jobs someone else changes are
 * checked for values the service owns ({@link ManualChange}).
 */
public final class RolloutFollower implements JobChangeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutFollower.class);
    /** Blocking checks in flight at once while the stream is down: a few sockets, not one per rollout. */
    private static final int CHECKERS = 4;
    private static final int DUE_BATCH = 64;
    private static final int STAMP_BATCH = 64;

    /**
     * @param revertOnFailure     {@code deploy.on_failure = revert}
     * @param pauseOnManualChange {@code deploy.pause_on_manual_change}
     * @param recheck             reading an unfinished rollout while the stream reports it
     * @param blockingWait        the longest blocking query on a deployment while the stream is down
     */
    public record Options(boolean revertOnFailure, boolean pauseOnManualChange, Duration recheck,
                          Duration blockingWait, Backoff backoff) {}

    private sealed interface Signal {}

    private record DeploymentSeen(ObjectNode deployment) implements Signal {}

    private record JobSeen(JobKey job, ObjectNode version, String eventType) implements Signal {}

    private final Rollouts rollouts;
    private final Restraints restraints;
    private final Leadership leadership;
    private final RolloutCheck check;
    private final ServiceRevert reverts;
    private final Options options;
    private final Clock clock;
    private final BooleanSupplier streamUp;
    private final Predicate<JobKey> beingApplied;
    private final Consumer<RolloutStatus> onEnd;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final List<Signal> deferred = new ArrayList<>();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Jobs the follower itself is writing to (its revert): their next version is ours, whatever the index saw first. */
    private final Set<JobKey> writing = ConcurrentHashMap.newKeySet();
    private final ExecutorService checkers;
    private final VersionStamp stamp;
    private final AtomicBoolean stamping = new AtomicBoolean();
    private volatile Instant stampAgainAt = Instant.MIN;
    private final Thread loop;
    private volatile boolean running = true;
    private int storeFailures;
    private Fence reign;

    public RolloutFollower(dev.nomaddeployer.nomad.NomadClient nomad, Rollouts rollouts, Restraints restraints,
                           Leadership leadership, Options options, Clock clock, BooleanSupplier streamUp,
                           Predicate<JobKey> beingApplied, Consumer<RolloutStatus> onEnd) {
        this.onEnd = onEnd;
        this.rollouts = rollouts;
        this.restraints = restraints;
        this.leadership = leadership;
        this.check = new RolloutCheck(nomad);
        this.reverts = new ServiceRevert(nomad);
        this.stamp = new VersionStamp(nomad);
        this.options = options;
        this.clock = clock;
        this.streamUp = streamUp;
        this.beingApplied = beingApplied;
        this.checkers = Executors.newFixedThreadPool(CHECKERS, r -> {
            Thread t = new Thread(r, "rollout-check");
            t.setDaemon(true);
            return t;
        });
        this.loop = new Thread(this::run, "rollout-follower");
        this.loop.setDaemon(true);
    }

    public void start() {
        loop.start();
    }

    /** A deployment changed (an event of topic Deployment); called on the index's thread, never blocks. */
    @Override
    public void deploymentChanged(ObjectNode deployment) {
        signals.add(new DeploymentSeen(deployment));
    }

    /**
     * A job moved to a new JobModifyIndex that the service did not learn from its own register; {@code eventType}
     * is the stream event's type, null when the job was read by polling. {@code version} is null when the job was
     * purged, and has {@code Stop} set when it was stopped.
     */
    @Override
    public void jobChanged(JobKey job, ObjectNode version, String eventType) {
        signals.add(new JobSeen(job, version, eventType));
    }

    private void run() {
        while (running) {
            Duration pause = Duration.ofSeconds(1);
            try {
                Optional<Fence> fence = leadership.fence();
                List<Signal> batch = new ArrayList<>(deferred);
                deferred.clear();
                signals.drainTo(batch);
                if (fence.isPresent()) {
                    List<ObjectNode> deployments = new ArrayList<>();
                    for (Signal signal : batch) {
                        if (signal instanceof DeploymentSeen seen) {
                            deployments.add(seen.deployment());
                        } else {
                            handle(fence.get(), signal);
                        }
                    }
                    deploymentsChanged(fence.get(), deployments);
                    if (!fence.get().equals(reign)) {
                        // A new reign reads every unfinished rollout at once: what ended while no replica followed
                        // it should not wait for its next check.
                        check(fence.get(), rollouts.open());
                        reign = fence.get();
                    }
                    checkDue(fence.get());
                    stampDue(fence.get());
                }
                storeFailures = 0;
            } catch (Deposed e) {
                leadership.refused(e.fence());
            } catch (StoreException e) {
                storeFailures++;
                pause = options.backoff().delay(storeFailures);
                LOG.warn("event=rollout_store_failed retry_in={} reason=\"{}\"", pause, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("event=rollout_follower_error reason=\"{}\"", e.toString(), e);
            }
            try {
                Signal next = signals.poll(pause.toMillis(), TimeUnit.MILLISECONDS);
                if (next != null) {
                    deferred.add(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void handle(Fence fence, Signal signal) {
        if (signal instanceof JobSeen seen) {
            if (beingApplied.test(seen.job()) || writing.contains(seen.job())) {
                deferred.add(seen); // our own register may be this change: decide once it is recorded
                return;
            }
            jobChanged(fence, seen);
        } else {
            throw new IllegalStateException("no handling for signal " + signal);
        }
    }

    /**
     * The deployment events taken in one round, in order: one read of the open follow-ups per job, and the steps
     * they make recorded in one commit (under load a round holds many events, so the store sees few commits).
     */
    private void deploymentsChanged(Fence fence, List<ObjectNode> deployments) {
        Map<JobKey, List<ObjectNode>> byJob = new LinkedHashMap<>();
        for (ObjectNode deployment : deployments) {
            byJob.computeIfAbsent(new JobKey(deployment.path("Namespace").asText(), deployment.path("JobID").asText()),
                    job -> new ArrayList<>()).add(deployment);
        }
        List<Rollouts.Step> steps = new ArrayList<>();
        List<Rollout> befores = new ArrayList<>();
        for (Map.Entry<JobKey, List<ObjectNode>> job : byJob.entrySet()) {
            if (beingApplied.test(job.getKey())) {
                // Nomad may create (and even end) the deployment before the register's follow-up is committed.
                job.getValue().forEach(d -> deferred.add(new DeploymentSeen(d)));
                continue;
            }
            List<Rollout> open = new ArrayList<>(rollouts.openOf(job.getKey()));
            for (ObjectNode deployment : job.getValue()) {
                DeploymentReading reading = DeploymentReading.of(deployment);
                for (int i = 0; i < open.size(); i++) {
                    Rollout rollout = open.get(i);
                    boolean ours = reading.deploymentId().equals(rollout.deploymentId())
                            || (rollout.deploymentId() == null && reading.jobVersion() == rollout.jobVersion());
                    if (!ours || rollout.status().finished()) {
                        continue;
                    }
                    if (inFlight.contains(rollout.id())) {
                        deferred.add(new DeploymentSeen(deployment));
                        continue;
                    }
                    Instant now = clock.instant();
                    Rollout next = rollout.withReading(reading, now);
                    if (!next.changedFrom(rollout) && Objects.equals(next.deploymentId(), rollout.deploymentId())) {
                        // Only the counts moved (an allocation placed or found healthy): not worth a commit per
                        // event at a hundred rollouts a second; the next step carries the counts of its moment.
                        continue;
                    }
                    Rollouts.Step step = prepared(fence, rollout, check.withFailures(next, now), now);
                    steps.add(step);
                    befores.add(rollout);
                    open.set(i, step.rollout());
                }
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Boolean> changed = rollouts.recordAll(fence, steps, now);
        for (int i = 0; i < steps.size(); i++) {
            if (changed.get(i)) {
                recorded(steps.get(i).rollout(), now);
            }
        }
    }

    private void checkDue(Fence fence) {
        check(fence, rollouts.due(clock.instant(), DUE_BATCH));
    }

    private void check(Fence fence, List<Rollout> toCheck) {
        boolean stream = streamUp.getAsBoolean();
        for (Rollout rollout : toCheck) {
            if (!inFlight.add(rollout.id())) {
                continue;
            }
            Duration wait = stream ? Duration.ZERO : options.blockingWait();
            checkers.execute(() -> {
                try {
                    Instant at = clock.instant();
                    Rollout read;
                    try {
                        read = check.check(rollout, wait, at);
                    } catch (NomadException e) {
                        LOG.debug("event=rollout_check_failed namespace={} job={} version={} reason=\"{}\"",
                                rollout.job().namespace(), rollout.job().jobId(), rollout.jobVersion(), e.getMessage());
                        read = rollout;
                    }
                    advanced(fence, rollout, read, clock.instant());
                } catch (Deposed e) {
                    leadership.refused(e.fence());
                } catch (RuntimeException e) {
                    LOG.warn("event=rollout_check_error namespace={} job={} reason=\"{}\"", rollout.job().namespace(),
                            rollout.job().jobId(), e.toString());
                } finally {
                    inFlight.remove(rollout.id());
                }
            });
        }
    }

    /** Version tags are named on a checker thread, one batch at a time, never on the loop that takes events. */
    private void stampDue(Fence fence) {
        if (clock.instant().isBefore(stampAgainAt) || !stamping.compareAndSet(false, true)) {
            return;
        }
        List<Rollout> due = rollouts.unstamped(STAMP_BATCH);
        if (due.isEmpty()) {
            stamping.set(false);
            return;
        }
        checkers.execute(() -> {
            Map<Long, String> named = new LinkedHashMap<>();
            try {
                for (Rollout rollout : due) {
                    String name = stamp.stamp(rollout, rollouts.valuesSetIn(new VersionKey(rollout.job(),
                            rollout.jobVersion())));
                    named.put(rollout.id(), name);
                    if (!name.isEmpty()) {
                        LOG.info("event=version_tagged namespace={} job={} version={} tag={}",
                                rollout.job().namespace(), rollout.job().jobId(), rollout.jobVersion(), name);
                    }
                }
            } catch (NomadException e) {
                stampAgainAt = clock.instant().plus(options.recheck());
                LOG.debug("event=version_tag_failed retry_in={} reason=\"{}\"", options.recheck(), e.getMessage());
            } catch (Deposed e) {
                leadership.refused(e.fence());
            } catch (RuntimeException e) {
                stampAgainAt = clock.instant().plus(options.recheck());
                LOG.warn("event=version_tag_error reason=\"{}\"", e.toString());
            } finally {
                try {
                    if (!named.isEmpty()) {
                        rollouts.stamped(fence, named, clock.instant()); // one commit for the batch
                    }
                } catch (Deposed e) {
                    leadership.refused(e.fence());
                } catch (RuntimeException e) {
                    LOG.warn("event=version_tag_error reason=\"{}\"", e.toString());
                } finally {
                    stamping.set(false);
                }
            }
        });
    }

    /** Records what {@code next} says of {@code before}: a step, an end, and what an end brings with it. */
    private void advanced(Fence fence, Rollout before, Rollout next, Instant now) {
        Rollouts.Step step = prepared(fence, before, next, now);
        if (rollouts.record(fence, step.rollout(), step.protectReason(), now)) {
            recorded(step.rollout(), now);
        }
    }

    /** What an end brings before it is recorded: the service's revert, if asked for, and the tag's protection. */
    private Rollouts.Step prepared(Fence fence, Rollout before, Rollout next, Instant now) {
        if (next.status() == RolloutStatus.FAILED && options.revertOnFailure() && before.cause() == RolloutCause.PUSH
                && !before.status().finished()) {
            next = revertAfter(fence, next, now);
        }
        next = next.nextCheckAt(now.plus(nextCheckIn(next)));
        return new Rollouts.Step(next, next.status().protectsTag() ? protectionReason(next) : null);
    }

    private void recorded(Rollout next, Instant now) {
        if (next.status().finished()) {
            onEnd.accept(next.status());
        }
        LOG.atLevel(next.status() == RolloutStatus.FAILED || next.status() == RolloutStatus.ROLLED_BACK
                        ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO)
                .log("event=rollout status={} namespace={} job={} version={} deployment={} duration={}"
                                + " description=\"{}\"{}", next.status().label(), next.job().namespace(),
                        next.job().jobId(), next.jobVersion(), next.deploymentId(), next.duration(now),
                        next.description(), next.failures().isEmpty() ? ""
                                : " failure=\"" + next.failures().get(0).text() + "\"");
    }

    /**
     * While the stream reports changes, a rollout is read only at {@code recheck}, in case a frame was lost. Without
     * it a known deployment is read again at once: that read is a blocking query, answered when it changes. Until a
     * deployment is known there is nothing to block on, so it is looked for every second.
     */
    private Duration nextCheckIn(Rollout rollout) {
        if (rollout.status().finished()) {
            return Duration.ZERO;
        }
        if (streamUp.getAsBoolean()) {
            return options.recheck();
        }
        return rollout.deploymentId() == null ? Duration.ofSeconds(1) : Duration.ZERO;
    }

    private Rollout revertAfter(Fence fence, Rollout failed, Instant now) {
        writing.add(failed.job());
        try {
            ServiceRevert.Result result = reverts.revert(failed);
            if (result instanceof ServiceRevert.Reverted reverted) {
                rollouts.begin(fence, Rollout.begun(failed.job(), reverted.newVersion(),
                        reverted.register().jobModifyIndex(), reverted.register().evalId(), RolloutCause.REVERT, now)
                        .nextCheckAt(now), now);
                return failed.ended(RolloutStatus.ROLLED_BACK, failed.description() + " - nomad-deployer reverted"
                        + " the job to version " + reverted.toVersion() + " (deploy.on_failure = revert)",
                        reverted.toVersion(), now);
            }
            ServiceRevert.NotReverted not = (ServiceRevert.NotReverted) result;
            return failed.ended(RolloutStatus.FAILED, failed.description() + "; not reverted: " + not.reason(), null, now);
        } catch (NomadException e) {
            return failed.ended(RolloutStatus.FAILED, failed.description() + "; the revert failed: " + e.explained(),
                    null, now);
        } finally {
            writing.remove(failed.job());
        }
    }

    private static String protectionReason(Rollout rollout) {
        String how = rollout.status() == RolloutStatus.ROLLED_BACK
                ? "its rollout on job version " + rollout.jobVersion() + " was rolled back"
                : "its rollout on job version " + rollout.jobVersion() + " failed";
        return how + " (" + rollout.description() + (rollout.failures().isEmpty() ? ""
                : "; " + rollout.failures().get(0).text()) + ")";
    }

    /**
     * A version of {@code job} the service did not write. Nomad's own auto-revert comes as the deployment
     * watcher's write (event type DeploymentStatusUpdate) and is the rollout's business; anything else that moved
     * a value the service set is a person's decision.
     */
    private void jobChanged(Fence fence, JobSeen seen) {
        if ("DeploymentStatusUpdate".equals(seen.eventType())) {
            return;
        }
        if (seen.version() == null || seen.version().path("Stop").asBoolean(false)) {
            rollouts.release(fence, seen.job(), clock.instant());
            return;
        }
        Optional<Rollout> latest = rollouts.latestOf(seen.job());
        long index = seen.version().path("JobModifyIndex").asLong();
        if (latest.isEmpty() || index <= latest.get().jobModifyIndex()) {
            return; // never written by the service, or our own write (or an older one) seen late
        }
        Rollout ours = latest.get();
        if (seen.eventType() == null && ours.status() == RolloutStatus.ROLLED_BACK && ours.rolledBackTo() != null
                && ours.cause() == RolloutCause.PUSH) {
            return; // polling cannot tell the writer; a rollback Nomad announced explains the new version
        }
        Optional<ManualChange> change = ManualChange.between(
                rollouts.valuesSetIn(new VersionKey(ours.job(), ours.jobVersion())), seen.version());
        if (change.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String why = change.get().describe();
        LOG.warn("event=manual_change namespace={} job={} version={} pause={} reason=\"{}\"", seen.job().namespace(),
                seen.job().jobId(), change.get().jobVersion(), options.pauseOnManualChange(), why);
        if (change.get().revert()) {
            VersionKey reverted = new VersionKey(ours.job(), ours.jobVersion());
            rollouts.protect(fence, reverted, "job version " + ours.jobVersion() + " was reverted by a register"
                    + " nomad-deployer did not make", now);
            if (!ours.status().finished() || ours.status() == RolloutStatus.ROLLED_OUT) {
                if (rollouts.record(fence, ours.ended(RolloutStatus.ROLLED_BACK, "reverted by someone else: " + why,
                        null, now), null, now)) {
                    onEnd.accept(RolloutStatus.ROLLED_BACK);
                }
            }
        }
        if (options.pauseOnManualChange()) {
            restraints.pause(seen.job(), why, "nomad-deployer", now);
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        checkers.shutdownNow();
        try {
            loop.join(5_000);
            checkers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
