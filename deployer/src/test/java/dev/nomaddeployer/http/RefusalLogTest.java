package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefusalLogTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final InetAddress ONE = address("192.0.2.1");
    private static final InetAddress TWO = address("192.0.2.2");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private final RefusalLog log = new RefusalLog(Duration.ofMinutes(1));

    @Test
    void firstRefusalOfAnAddressIsReportedAtOnce() {
        assertThat(log.refused(ONE, 0)).containsExactly(new RefusalLog.Line(ONE, 1));
        assertThat(log.refused(TWO, 1)).containsExactly(new RefusalLog.Line(TWO, 1));
    }

    @Test
    void furtherRefusalsWithinTheIntervalAreCountedInTheNextLine() {
        log.refused(ONE, 0);
        for (int i = 1; i <= 500; i++) {
            assertThat(log.refused(ONE, i)).isEmpty();
        }

        assertThat(log.refused(ONE, MINUTE)).containsExactly(new RefusalLog.Line(ONE, 501));
        assertThat(log.refused(ONE, MINUTE + 1)).isEmpty();
    }

    @Test
    void anAddressThatFellQuietHasItsUnreportedRefusalsReportedWhenItIsForgotten() {
        log.refused(ONE, 0);
        log.refused(ONE, 1);
        log.refused(ONE, 2);

        assertThat(log.refused(TWO, MINUTE)).containsExactly(new RefusalLog.Line(TWO, 1),
                new RefusalLog.Line(ONE, 2));
        assertThat(log.refused(ONE, MINUTE + 1)).containsExactly(new RefusalLog.Line(ONE, 1));
    }
}
