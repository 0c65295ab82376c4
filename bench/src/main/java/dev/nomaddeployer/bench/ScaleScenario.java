package dev.nomaddeployer.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code scale}: a cold start against the fleet, then three push phases, each to jobs the others do not move:
 * warm-up (the senders, unreported beyond its own figures, so the JIT has compiled the push path), paced (one
 * sender at {@code --paced-rate}) and saturation ({@code --senders} at once); then one job created in Nomad and
 * pushed a second later. Push → register is from the push's 2xx to the simulator's event stream showing the
 * pushed tag on every job using the repository; the service's CPU time and its Nomad requests are taken over
 * each phase until the service is quiet again.
 */
final class ScaleScenario {
    private static final String TAG_PREFIX = "3.0.";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration NEW_JOB_DELAY = Duration.ofSeconds(1);
    private static final Duration NEW_JOB_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One push phase. {@code offeredPerSecond} is 0 when the senders push as fast as they are answered;
     * {@code maxScheduleLagMs}: how late the paced sender was for its most delayed push. {@code allRegisteredSeconds}:
     * first push sent → last job registered; {@code sustainedPushesPerSecond}: pushes over that time.
     * {@code cpuMsPerPush} and the Nomad requests run from the phase's first push until the service was quiet.
     */
    record Phase(String name, int pushes, int senders, double offeredPerSecond, double sendSeconds,
                 double onScheduleSeconds, double maxScheduleLagMs, double acksPerSecond, LatencySummary webhookAnswer,
                 LatencySummary pushToRegister, double allRegisteredSeconds, double sustainedPushesPerSecond,
                 double cpuMsPerPush, long nomadRequests, Map<String, Double> nomadRequestsPerPush, double listsPerPush,
                 RequestTally nomadRequestsByEndpoint, ProcessStats after) {
    }

    /** A job registered in Nomad {@code createdBeforePushMs} before its first push; -1 ms if not matched in time. */
    record NewJob(long createdBeforePushMs, boolean matched, double pushToRegisterMs) {
    }

    record Result(BenchStage.Setup setup, BenchStage.Start startup, Phase warmup, Phase paced, Phase saturation,
                  NewJob newJob, ProcessStats end) {
    }

    private final BenchStage stage;
    private int nextSeq;

    private ScaleScenario(BenchStage stage) {
        this.stage = stage;
    }

    static String tag(int seq) {
        return TAG_PREFIX + seq;
    }

    /** The push sequence number a tag of this scenario carries; -1 for any other version. */
    static int seqOf(String version) {
        if (!version.startsWith(TAG_PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(version.substring(TAG_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Result run(BenchOptions options, Workspace workspace) {
        try (BenchStage stage = new BenchStage(options, workspace)) {
            stage.startSimulator();
            return new ScaleScenario(stage).drive();
        }
    }

    private Result drive() {
        BenchOptions o = stage.options;
        BenchStage.Running running = stage.startDeployer("nomad-deployer.log", "cold: empty store");
        try (ManagedProcess service = running.process();
             RegistrationFeed feed = RegistrationFeed.open(stage.http, stage.json, stage.simulator().baseUrl())) {
            BenchStage.awaitQuiet(service);
            NotificationSender sender = new NotificationSender(stage.http, stage.json, PushEnvelope.fromCapture(stage.json),
                    running.deployer().baseUrl());
            Phase warmup = phase("warm-up", o.warmup(), o.senders(), null, sender, feed, service);
            Phase paced = phase("paced", o.paced(), 1, new PushSchedule(o.pacedRate()), sender, feed, service);
            Phase saturation = phase("saturation", o.pushes(), o.senders(), null, sender, feed, service);
            NewJob newJob = newJob(sender, feed, service);
            service.requireAlive("at the end of the run");
            return new Result(stage.setup(), running.start(), warmup, paced, saturation, newJob,
                    ProcessStats.of(service.pid()));
        } catch (BenchFailure e) {
            BenchRun.progress("last output of nomad-deployer:\n" + running.process().logTail(20));
            throw e;
        }
    }

    private Phase phase(String name, int count, int senders, PushSchedule schedule, NotificationSender sender,
                        RegistrationFeed feed, ManagedProcess service) {
        BenchRun.progress(name + ": " + count + " pushes from " + senders + " sender(s)"
                + (schedule == null ? ", each as fast as it is answered" : " at " + schedule.pushesPerSecond() + "/s"));
        List<PushLoad.Push> pushes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int seq = nextSeq++;
            int repo = seq % stage.fleet.repoCount();
            pushes.add(new PushLoad.Push(seq, BenchFleet.repository(repo), stage.fleet.jobsUsing(repo)));
        }
        RequestTally before = stage.nomad().requestTally();
        long cpuBefore = ProcessStats.of(service.pid()).cpuMillis();
        PushLoad.Sent sent = schedule != null ? PushLoad.paced(sender, pushes, schedule, service)
                : PushLoad.concurrent(sender, pushes, senders, service);
        long[] registered = awaitRegistered(pushes, feed, service);
        BenchStage.awaitQuiet(service);
        ProcessStats after = ProcessStats.of(service.pid());
        RequestTally requests = stage.nomad().requestTally().minus(before);

        long[] answers = new long[count];
        long[] toRegister = new long[count];
        long lastRegistered = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            answers[i] = sent.acks()[i].latencyNanos();
            // the register may land before the answer has travelled back: that is no latency at all
            toRegister[i] = Math.max(0, registered[i] - sent.acks()[i].answeredNanos());
            lastRegistered = Math.max(lastRegistered, registered[i]);
        }
        double sendSeconds = (sent.lastAnsweredNanos() - sent.firstSentNanos()) / 1e9;
        double allRegistered = (lastRegistered - sent.firstSentNanos()) / 1e9;
        Phase phase = new Phase(name, count, senders, schedule == null ? 0 : schedule.pushesPerSecond(),
                BenchStage.round(sendSeconds), schedule == null ? 0 : BenchStage.round(schedule.spanNanos(count) / 1e9),
                BenchStage.round(sent.maxLagNanos() / 1e6),
                perSecond(count, sendSeconds), LatencySummary.ofNanos(answers), LatencySummary.ofNanos(toRegister),
                BenchStage.round(allRegistered), perSecond(count, allRegistered),
                BenchStage.round((after.cpuMillis() - cpuBefore) / (double) count), requests.total(),
                requests.perPush(count), BenchStage.round(requests.of(RequestTally.LIST) / (double) count), requests, after);
        BenchRun.progress(String.format(java.util.Locale.ROOT,
                "%s: push to register p50 %.1f ms p99 %.1f ms, %.0f pushes/s sustained, %.2f CPU ms per push",
                name, phase.pushToRegister().p50Ms(), phase.pushToRegister().p99Ms(), phase.sustainedPushesPerSecond(),
                phase.cpuMsPerPush()));
        return phase;
    }

    /** Per push, when the last of its jobs showed its tag (or a later push's); fails after the settle time-out. */
    private static long[] awaitRegistered(List<PushLoad.Push> pushes, RegistrationFeed feed, ManagedProcess service) {
        long[] at = new long[pushes.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < pushes.size(); i++) {
            pending.add(i);
        }
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (true) {
            pending.removeIf(i -> {
                OptionalLong last = lastRegistered(pushes.get(i), feed);
                last.ifPresent(t -> at[i] = t);
                return last.isPresent();
            });
            if (pending.isEmpty()) {
                return at;
            }
            if (System.nanoTime() > deadline) {
                PushLoad.Push first = pushes.get(pending.get(0));
                throw new BenchFailure(pending.size() + " push(es) not registered " + SETTLE_TIMEOUT.toSeconds()
                        + " s after sending, e.g. " + first.repository() + ":" + tag(first.seq()) + " on " + first.jobs());
            }
            service.requireAlive("while the pushes were being registered");
            feed.requireHealthy();
            ManagedProcess.pause(POLL);
        }
    }

    private static OptionalLong lastRegistered(PushLoad.Push push, RegistrationFeed feed) {
        long last = Long.MIN_VALUE;
        for (String job : push.jobs()) {
            OptionalLong seen = feed.firstSeen(job, v -> seqOf(v) >= push.seq());
            if (seen.isEmpty()) {
                return OptionalLong.empty();
            }
            last = Math.max(last, seen.getAsLong());
        }
        return OptionalLong.of(last);
    }

    private NewJob newJob(NotificationSender sender, RegistrationFeed feed, ManagedProcess service) {
        String id = "bench-new";
        String repository = "team/svc-new";
        BenchRun.progress("new job: " + id + " registered in Nomad, pushed " + NEW_JOB_DELAY.toMillis() + " ms later");
        stage.nomad().registerJob(BenchFleet.extraJob(stage.json, id, repository));
        ManagedProcess.pause(NEW_JOB_DELAY);
        int seq = nextSeq++;
        NotificationSender.Ack ack = sender.push(repository, tag(seq));
        long deadline = ack.answeredNanos() + NEW_JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong seen = feed.firstSeen(id, v -> seqOf(v) >= seq);
            if (seen.isPresent()) {
                return new NewJob(NEW_JOB_DELAY.toMillis(), true,
                        BenchStage.round(Math.max(0, seen.getAsLong() - ack.answeredNanos()) / 1e6));
            }
            service.requireAlive("while the new job's push was pending");
            feed.requireHealthy();
            ManagedProcess.pause(POLL);
        }
        return new NewJob(NEW_JOB_DELAY.toMillis(), false, -1);
    }

    private static double perSecond(int count, double seconds) {
        return seconds <= 0 ? 0 : BenchStage.round(count / seconds);
    }
}
