package dev.nomaddeployer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {
    private static final long MS = 1_000_000L;

    @Test
    void percentilesAreSamplesThatReallyHappened() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = (100 - i) * MS; // 100 ms down to 1 ms, unsorted on purpose
        }

        LatencySummary summary = LatencySummary.ofNanos(samples);

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isEqualTo(50.0);
        assertThat(summary.p95Ms()).isEqualTo(95.0);
        assertThat(summary.p99Ms()).isEqualTo(99.0);
        assertThat(summary.maxMs()).isEqualTo(100.0);
        assertThat(summary.meanMs()).isEqualTo(50.5);
    }

    @Test
    void aSingleSlowSampleAmongFewShowsUpInTheHighPercentiles() {
        LatencySummary summary = LatencySummary.ofNanos(new long[] {2 * MS, 1 * MS, 3 * MS, 40 * MS});

        assertThat(summary.p50Ms()).isEqualTo(2.0);
        assertThat(summary.p95Ms()).isEqualTo(40.0);
        assertThat(summary.p99Ms()).isEqualTo(40.0);
    }

    @Test
    void subMillisecondSamplesKeepMicrosecondPrecision() {
        LatencySummary summary = LatencySummary.ofNanos(new long[] {1_234_567L});

        assertThat(summary.p50Ms()).isEqualTo(1.235);
    }

    @Test
    void noSamplesGiveZeroesInsteadOfFailing() {
        assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0));
    }

    @Test
    void inputIsLeftUnsorted() {
        long[] samples = {3, 1, 2};

        LatencySummary.ofNanos(samples);

        assertThat(samples).containsExactly(3, 1, 2);
    }

    @Test
    void percentileOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> LatencySummary.nearestRank(new long[] {1}, 0))
                .hasMessageContaining("(0, 100]");
    }
}
