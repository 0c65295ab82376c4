package dev.nomaddeployer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Memory and CPU of a process as the kernel accounts them: peak and current resident set from
 * {@code /proc/<pid>/status}, user+system CPU time from {@code /proc/<pid>/stat}.
 */
public record ProcessStats(long peakRssKib, long rssKib, long cpuMillis) {
    /** {@code sysconf(_SC_CLK_TCK)}; 100 on every Linux build the JDK supports. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    public static ProcessStats of(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            String status = Files.readString(dir.resolve("status"));
            String stat = Files.readString(dir.resolve("stat"));
            return new ProcessStats(kib(status, "VmHWM:"), kib(status, "VmRSS:"), cpuMillis(stat));
        } catch (IOException e) {
            throw new BenchFailure("cannot read " + dir + " (process gone, or not Linux): " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the process used at most {@code maxCpu} of CPU time during one {@code window}, and returns
     * {@link System#nanoTime()} at the start of that window; -1 if it never went quiet within {@code timeout}.
     * Jobs showing their last tag does not mean the service is done: older targets still get decided.
     */
    public static long awaitQuiet(ManagedProcess process, Duration window, Duration maxCpu, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long windowStart = System.nanoTime();
        long cpuAtStart = of(process.pid()).cpuMillis();
        while (System.nanoTime() < deadline) {
            ManagedProcess.pause(window);
            process.requireAlive("while waiting for it to go quiet");
            long cpu = of(process.pid()).cpuMillis();
            if (cpu - cpuAtStart <= maxCpu.toMillis()) {
                return windowStart;
            }
            windowStart = System.nanoTime();
            cpuAtStart = cpu;
        }
        return -1;
    }

    static long kib(String status, String field) {
        return status.lines()
                .filter(line -> line.startsWith(field))
                .map(line -> line.substring(field.length()).trim().split("\\s+")[0])
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElseThrow(() -> new BenchFailure("no " + field + " line in /proc/<pid>/status"));
    }

    /** utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after ')'. */
    static long cpuMillis(String stat) {
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    public double peakRssMib() {
        return peakRssKib / 1024.0;
    }

    public double rssMib() {
        return rssKib / 1024.0;
    }
}
