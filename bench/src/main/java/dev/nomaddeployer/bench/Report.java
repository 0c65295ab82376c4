package dev.nomaddeployer.bench;

import java.util.Locale;

/** The human-readable part of the output. */
final class Report {
    private Report() {
    }

    static String text(BenchResult r) {
        BenchResult.Setup s = r.setup();
        BenchResult.Burst b = r.burst();
        BenchResult.Paced p = r.paced();
        BenchResult.Resources d = r.deployer();
        StringBuilder out = new StringBuilder();
        line(out, "nomad-deployer push-to-rollout benchmark");
        line(out, "  setup      %d jobs, %d repositories (%d jobs each), %d cpus, %s, %s", s.jobs(), s.repos(),
                (s.jobs() + s.repos() - 1) / s.repos(), s.cpus(), s.java(), s.os());
        line(out, "             service JVM flags: %s", s.deployerJvmFlags().isEmpty() ? "the JVM's defaults" : s.deployerJvmFlags());
        line(out, "             machine load average (1 min) %.2f before the load phases, %.2f after",
                s.loadAverageBefore(), s.loadAverageAfter());
        line(out, "  start-up   nomad-deployer %.0f ms until ready (nomad-sim ready in %.0f ms)",
                r.startup().deployerMs(), r.startup().simulatorMs());
        line(out, "  burst      %d pushes sent one at a time in %.2f s: %.0f acks/s", b.pushes(), b.sendSeconds(),
                b.acksPerSecond());
        line(out, "             webhook answer %s", b.ack().describe());
        line(out, "             all jobs at their last tag %.2f s after the first push (%.0f ms after the last ack)",
                b.idleSeconds(), b.drainMs());
        line(out, "             service quiet (< 20 ms CPU per 500 ms) %s", b.quietSeconds() < 0
                ? "not within a minute" : String.format(Locale.ROOT, "%.2f s after the first push", b.quietSeconds()));
        line(out, "  paced      %d pushes, one every %d ms", p.pushes(), p.intervalMs());
        line(out, "             webhook answer %s", p.ack().describe());
        line(out, "             push to every job registered: %s", p.pushToRegister().describe());
        line(out, "             push to one job registered:   %s", p.jobToRegister().describe());
        line(out, "             last job registered %.2f s after the first push (sending took %.2f s)",
                p.allAppliedSeconds(), (p.pushes() - 1) * p.intervalMs() / 1000.0);
        line(out, "  service    RSS now / peak (VmRSS / VmHWM), CPU time used since start");
        resources(out, "after start-up", d.afterStartup());
        resources(out, "after burst", d.afterBurst());
        resources(out, "after paced", d.afterPaced());
        return out.toString();
    }

    static String startup(StartupScenario.Result r) {
        StringBuilder out = new StringBuilder();
        line(out, "nomad-deployer %s benchmark", r.setup().scenario());
        setup(out, r.setup());
        start(out, "cold start", r.cold(), r.coldSettled());
        if (r.warm() != null) {
            line(out, "  restart    on the store the cold start left, %d jobs changed in Nomad meanwhile", r.changedJobs());
            start(out, "warm start", r.warm(), r.warmSettled());
        }
        return out.toString();
    }

    static String scale(ScaleScenario.Result r) {
        StringBuilder out = new StringBuilder();
        line(out, "nomad-deployer scale benchmark");
        setup(out, r.setup());
        start(out, "cold start", r.startup(), null);
        phase(out, r.warmup());
        phase(out, r.paced());
        phase(out, r.saturation());
        ScaleScenario.NewJob n = r.newJob();
        line(out, "  new job    created in Nomad, pushed %d ms later: %s", n.createdBeforePushMs(), n.matched()
                ? String.format(Locale.ROOT, "registered %.1f ms after the push's answer", n.pushToRegisterMs())
                : "not registered within 10 s");
        line(out, "  service    at the end %.1f MiB RSS, %.1f MiB peak (VmHWM), CPU %.2f s since start",
                r.end().rssMib(), r.end().peakRssMib(), r.end().cpuMillis() / 1000.0);
        return out.toString();
    }

    private static void setup(StringBuilder out, BenchStage.Setup s) {
        line(out, "  setup      %d jobs, %d repositories, %d cpus, %s, %s, started %s", s.jobs(), s.repos(), s.cpus(),
                s.java(), s.os(), s.started());
        line(out, "             service JVM options \"%s\", store %s; machine load average (1 min) %.2f before, %.2f after",
                s.deployerJavaOptions(), s.store(), s.loadAverageBefore(), s.loadAverageAfter());
    }

    private static void start(StringBuilder out, String what, BenchStage.Start s, ProcessStats settled) {
        line(out, "  %-10s listener up after %.0f ms, ready (%s) after %.0f ms", what, s.listenerMs(), s.readyPath(),
                s.readyMs());
        line(out, "             %d Nomad requests until ready: %s", s.nomadRequests(), s.nomadRequestsByEndpoint().byEndpoint());
        line(out, "             at ready %.1f MiB RSS, CPU %.2f s", s.atReady().rssMib(), s.atReady().cpuMillis() / 1000.0);
        if (settled != null) {
            line(out, "             settled  %.1f MiB RSS, %.1f MiB peak, CPU %.2f s", settled.rssMib(),
                    settled.peakRssMib(), settled.cpuMillis() / 1000.0);
        }
    }

    private static void phase(StringBuilder out, ScaleScenario.Phase p) {
        line(out, "  %-10s %d pushes from %d sender(s)%s, sent in %.2f s (%.0f acks/s)%s", p.name(), p.pushes(),
                p.senders(), p.offeredPerSecond() > 0 ? String.format(Locale.ROOT, " at %.0f/s", p.offeredPerSecond()) : "",
                p.sendSeconds(), p.acksPerSecond(), p.offeredPerSecond() > 0
                        ? String.format(Locale.ROOT, " (%.2f s on schedule), at most %.1f ms behind schedule",
                                p.onScheduleSeconds(), p.maxScheduleLagMs()) : "");
        line(out, "             webhook answer  %s", p.webhookAnswer().describe());
        line(out, "             push → register %s", p.pushToRegister().describe());
        line(out, "             all registered %.2f s after the first push: %.0f pushes/s sustained", p.allRegisteredSeconds(),
                p.sustainedPushesPerSecond());
        line(out, "             CPU %.2f ms per push; %.1f MiB RSS, %.1f MiB peak after the phase", p.cpuMsPerPush(),
                p.after().rssMib(), p.after().peakRssMib());
        line(out, "             Nomad requests per push %s; lists per push %.3f%s", p.nomadRequestsPerPush(), p.listsPerPush(),
                p.nomadRequestsByEndpoint().failed().isEmpty() ? ""
                        : "; not 2xx: " + p.nomadRequestsByEndpoint().failed());
    }

    private static void resources(StringBuilder out, String when, ProcessStats stats) {
        line(out, "             %-15s %6.1f MiB / %6.1f MiB, CPU %6.2f s", when, stats.rssMib(), stats.peakRssMib(),
                stats.cpuMillis() / 1000.0);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
