package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRateTest {

    @Test
    void aRateIsACountPerSecondMinuteOrHour() {
        assertThat(RequestRate.parse("10/s")).isEqualTo(new RequestRate(10, Duration.ofSeconds(1)));
        assertThat(RequestRate.parse(" 600 / M ")).isEqualTo(new RequestRate(600, Duration.ofMinutes(1)));
        assertThat(RequestRate.parse("1000/h")).isEqualTo(new RequestRate(1000, Duration.ofHours(1)));
    }

    @Test
    void aRateIsWrittenAsItIsRead() {
        assertThat(RequestRate.parse("600/m")).hasToString("600/m");
        assertThat(RequestRate.DEFAULT).hasToString("10/s");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "10", "0/s", "-1/s", "10/d", "1.5/s", "ten/s", "10/sec", "/s"})
    void anythingElseIsRefusedSayingWhatIsAccepted(String text) {
        assertThatThrownBy(() -> RequestRate.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<n>/s, <n>/m or <n>/h");
    }
}
