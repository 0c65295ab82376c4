package dev.nomaddeployer.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of durations, in milliseconds. Nearest-rank percentiles: every figure is a latency
 * that really happened, never an interpolation between two samples.
 */
public record LatencySummary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

    public static LatencySummary ofNanos(long[] samples) {
        if (samples.length == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long s : sorted) {
            sum += s;
        }
        return new LatencySummary(sorted.length, millis(nearestRank(sorted, 50)), millis(nearestRank(sorted, 95)),
                millis(nearestRank(sorted, 99)), millis(sorted[sorted.length - 1]), millis(sum / sorted.length));
    }

    /** The smallest sample such that at least {@code percent}% of the samples are at or below it. */
    static long nearestRank(long[] sorted, int percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double millis(double nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    String describe() {
        return String.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)", p50Ms, p95Ms, p99Ms, maxMs,
                count);
    }
}
