package dev.nomaddeployer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    @RepeatedTest(20)
    void delayDoublesPerAttemptWithJitterInItsUpperHalf() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            long full = 1000L << (attempt - 1);
            assertThat(backoff.delay(attempt).toMillis()).as("attempt " + attempt).isBetween(full / 2, full);
        }
    }

    @Test
    void delayNeverExceedsTheCapHoweverManyAttempts() {
        for (int attempt = 1; attempt < 200; attempt++) {
            assertThat(backoff.delay(attempt)).isLessThanOrEqualTo(Duration.ofMinutes(1));
        }
        assertThat(backoff.delay(1000).toMillis()).isGreaterThanOrEqualTo(30_000);
    }
}
