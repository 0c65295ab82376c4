package dev.nomaddeployer.testbed.nomad.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What `?wait=` turns into, checked without waiting five minutes. */
class QueryOptionsTest {

    @Test
    @DisplayName("blocking-wait: wait above 5 minutes is capped at 300 s plus jitter")
    void waitIsCappedAtFiveMinutes() {
        QueryOptions options = QueryOptions.parse(Query.parse("wait=20m"));
        assertThat(options.blockNanos()).isBetween(300_000_000_000L, 300_000_000_000L + 300_000_000_000L / 16);
    }
}
