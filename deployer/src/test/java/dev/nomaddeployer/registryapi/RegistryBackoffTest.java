package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryBackoffTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aRetryAfterIsHonouredToTheSecond() {
        RegistryBackoff backoff = new RegistryBackoff();
        backoff.tooManyRequests(T0, Optional.of(Duration.ofSeconds(30)));

        assertThat(backoff.refusing(T0.plusSeconds(29))).contains(Duration.ofSeconds(1));
        assertThat(backoff.refusing(T0.plusSeconds(30))).isEmpty();
        assertThat(backoff.until(T0)).contains(T0.plusSeconds(30));
    }

    @Test
    void consecutive429sWithoutRetryAfterDoubleTheWaitUpToTheCap() {
        RegistryBackoff backoff = new RegistryBackoff();
        Instant now = T0;
        Duration expected = RegistryBackoff.FIRST;
        for (int i = 0; i < 12; i++) {
            backoff.tooManyRequests(now, Optional.empty());
            assertThat(backoff.refusing(now)).as("429 number %d", i + 1).contains(expected);
            now = now.plus(expected);
            expected = expected.multipliedBy(2).compareTo(RegistryBackoff.CAP) > 0 ? RegistryBackoff.CAP
                    : expected.multipliedBy(2);
        }
        assertThat(backoff.refusing(now.minusSeconds(1))).isPresent();
    }

    @Test
    void anAnswerEndsTheBackOffAndTheDoubling() {
        RegistryBackoff backoff = new RegistryBackoff();
        backoff.tooManyRequests(T0, Optional.empty());
        backoff.tooManyRequests(T0, Optional.empty());
        backoff.answered();

        assertThat(backoff.refusing(T0)).isEmpty();
        assertThat(backoff.until(T0)).isEmpty();
        backoff.tooManyRequests(T0, Optional.empty());
        assertThat(backoff.refusing(T0)).contains(RegistryBackoff.FIRST);
    }

    @Test
    void aRegistryThatDoesNotServeIsBackedOffWithoutRefusingCalls() {
        RegistryBackoff backoff = new RegistryBackoff();
        backoff.notServing(T0);
        backoff.notServing(T0);

        assertThat(backoff.refusing(T0)).isEmpty();
        assertThat(backoff.until(T0)).contains(T0.plus(RegistryBackoff.FIRST.multipliedBy(2)));
    }

    @Test
    void anAbsurdRetryAfterIsCapped() {
        RegistryBackoff backoff = new RegistryBackoff();
        backoff.tooManyRequests(T0, Optional.of(Duration.ofDays(1)));

        assertThat(backoff.refusing(T0)).contains(RegistryBackoff.CAP);
    }
}
