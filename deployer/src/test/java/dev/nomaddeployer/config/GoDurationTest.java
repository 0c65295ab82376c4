package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
            "0, 0",
            "-0, 0",
            "+0, 0",
            "0s, 0",
            "250ms, 250000000",
            "5s, 5000000000",
            "1m30s, 90000000000",
            "1h, 3600000000000",
            "1.5s, 1500000000",
            ".5s, 500000000",
            "1.s, 1000000000",
            "100ns, 100",
            "3us, 3000",
            "3µs, 3000",
            "3μs, 3000",
            "1h2m3s4ms5us6ns, 3723004005006",
            "-1.5h, -5400000000000",
            "720h, 2592000000000000",
            "1.0000000001s, 1000000000",
            "2562047h47m16.854775807s, 9223372036854775807",
    })
    void acceptsWhatGoAccepts(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1.5", "s", ".s", "1.2.3s", "5x", "5 s", "1d", "5S", "1h-5m", "-", "ms5",
            "2562047h47m16.854775808s"})
    void rejectsWhatGoRejects(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse(text));
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "1500, 1.5µs",
            "250000000, 250ms",
            "1500000000, 1.5s",
            "90000000000, 1m30s",
            "3600000000000, 1h0m0s",
            "2592000000000000, 720h0m0s",
            "-5000000000, -5s",
    })
    void formatsLikeGoDurationString(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "1m30s", "1.5s", "720h", "3µs", "1h2m3.004005006s"})
    void formattedDurationParsesBackToTheSameValue(String text) {
        Duration duration = GoDuration.parse(text);
        assertThat(GoDuration.parse(GoDuration.format(duration))).isEqualTo(duration);
    }
}
