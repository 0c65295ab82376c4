package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The token bucket, on a clock the test moves. */
class RequestBudgetTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration NO_WAIT = Duration.ZERO;

    @Test
    void aFullBudgetLetsItsWholeRateThroughAtOnceAndThenNothing() {
        RequestBudget budget = new RequestBudget(RequestRate.parse("3/s"), T0);

        assertThat(budget.take(T0, NO_WAIT)).contains(Duration.ZERO);
        assertThat(budget.take(T0, NO_WAIT)).contains(Duration.ZERO);
        assertThat(budget.take(T0, NO_WAIT)).contains(Duration.ZERO);
        assertThat(budget.take(T0, NO_WAIT)).isEmpty();
    }

    @Test
    void permitsComeBackEvenlyOverThePeriod() {
        RequestBudget budget = new RequestBudget(RequestRate.parse("2/m"), T0);
        budget.take(T0, NO_WAIT);
        budget.take(T0, NO_WAIT);

        assertThat(budget.take(T0.plusSeconds(29), NO_WAIT)).isEmpty();
        assertThat(budget.take(T0.plusSeconds(30), NO_WAIT)).contains(Duration.ZERO);
        assertThat(budget.take(T0.plusSeconds(30), NO_WAIT)).isEmpty();
    }

    @Test
    void aCallerWhoMayWaitIsToldHowLongAndTheNextWaitsBehindIt() {
        RequestBudget budget = new RequestBudget(RequestRate.parse("1/s"), T0);
        budget.take(T0, NO_WAIT);

        assertThat(budget.take(T0, Duration.ofSeconds(5))).contains(Duration.ofSeconds(1));
        assertThat(budget.take(T0, Duration.ofSeconds(5))).contains(Duration.ofSeconds(2));
    }

    @Test
    void aCallerThatWouldWaitTooLongTakesNothingSoTheNextIsNotDelayedByIt() {
        RequestBudget budget = new RequestBudget(RequestRate.parse("1/h"), T0);
        budget.take(T0, NO_WAIT);

        assertThat(budget.take(T0, Duration.ofSeconds(10))).isEmpty();
        assertThat(budget.untilFree(T0)).isEqualTo(Duration.ofHours(1));
        assertThat(budget.take(T0.plus(Duration.ofHours(1)), NO_WAIT)).contains(Duration.ZERO);
    }

    @Test
    void anIdleBudgetFillsNoFurtherThanItsRate() {
        RequestBudget budget = new RequestBudget(RequestRate.parse("2/s"), T0);
        Instant later = T0.plus(Duration.ofHours(1));

        assertThat(budget.take(later, NO_WAIT)).contains(Duration.ZERO);
        assertThat(budget.take(later, NO_WAIT)).contains(Duration.ZERO);
        assertThat(budget.take(later, NO_WAIT)).isEmpty();
    }
}
