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
        line(out, "  start-up   nomad-deployer %.0f ms to first 204 on /health (nomad-sim ready in %.0f ms)",
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

    private static void resources(StringBuilder out, String when, ProcessStats stats) {
        line(out, "             %-15s %6.1f MiB / %6.1f MiB, CPU %6.2f s", when, stats.rssMib(), stats.peakRssMib(),
                stats.cpuMillis() / 1000.0);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
