package dev.nomaddeployer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PushScheduleTest {

    @Test
    void pushesAreDueOnAnAbsoluteGridFromTheStart() {
        PushSchedule schedule = new PushSchedule(100);

        assertThat(schedule.dueNanos(0)).isZero();
        assertThat(schedule.dueNanos(1)).isEqualTo(10_000_000L);
        assertThat(schedule.dueNanos(1000)).isEqualTo(10_000_000_000L);
    }

    @Test
    void aRateThatDoesNotDivideASecondDoesNotDriftOverManyPushes() {
        PushSchedule schedule = new PushSchedule(3);

        assertThat(schedule.dueNanos(1)).isEqualTo(333_333_333L);
        assertThat(schedule.dueNanos(3)).isEqualTo(1_000_000_000L);
        assertThat(schedule.dueNanos(3_000)).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void sendingNPushesOnTimeTakesNMinusOneIntervals() {
        PushSchedule schedule = new PushSchedule(100);

        assertThat(schedule.spanNanos(1000)).isEqualTo(9_990_000_000L);
        assertThat(schedule.spanNanos(1)).isZero();
        assertThat(schedule.spanNanos(0)).isZero();
    }

    @Test
    void aRateMustBePositiveAndFinite() {
        for (double rate : new double[] {0, -5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new PushSchedule(rate)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
