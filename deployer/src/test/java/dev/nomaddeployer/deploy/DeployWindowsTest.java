package dev.nomaddeployer.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The window grammar, and when windows are open and open next, across weeks, midnights and clock changes. */
class DeployWindowsTest {
    private static DeployWindows windows(String entries, String zone) {
        return DeployWindows.of(Arrays.stream(entries.split(",")).map(DeployWindows.Window::parse).toList(),
                ZoneId.of(zone));
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', value = {
            "mon-fri 09:00-17:00    | mon-fri 09:00-17:00",
            "MON-Fri 09:00-17:00    | mon-fri 09:00-17:00",
            "sat 10:00 - 12:00      | sat 10:00-12:00",
            "fri 22:00-02:00        | fri 22:00-02:00",
            "fri-mon 10:00-11:00    | fri-mon 10:00-11:00",
            "mon-sun 08:00-09:00    | daily 08:00-09:00",
            "daily 00:00-24:00      | daily 00:00-24:00",
            "sun 23:30-24:00        | sun 23:30-24:00",
    })
    void windowIsReadAndWrittenBackInItsShortestForm(String text, String written) {
        assertThat(DeployWindows.Window.parse(text)).hasToString(written);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "monday 09:00-17:00     | unknown day; days are mon, tue, wed, thu, fri, sat, sun",
            "mon-fri 9:00-17:00     | not of the form DAYS HH:MM-HH:MM",
            "mon-fri 09:00          | not of the form DAYS HH:MM-HH:MM",
            "09:00-17:00            | not of the form DAYS HH:MM-HH:MM",
            "mon 09:00-25:00        | times run from 00:00 to 23:59 (24:00 only as an end)",
            "mon 24:00-02:00        | times run from 00:00 to 23:59 (24:00 only as an end)",
            "mon 09:60-10:00        | times run from 00:00 to 23:59 (24:00 only as an end)",
            "daily-fri 09:00-10:00  | daily takes no range",
            "mon 09:00-09:00        | start and end are the same time; daily 00:00-24:00 is always",
    })
    void badWindowSaysWhatIsWrong(String text, String reason) {
        assertThatThrownBy(() -> DeployWindows.Window.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest(name = "{0} ({1}) at {2}: open={3}")
    @CsvSource(delimiter = '|', value = {
            // 2026-12-01 is a Tuesday.
            "mon-fri 09:00-17:00          | UTC           | 2026-12-01T09:00:00Z | true",
            "mon-fri 09:00-17:00          | UTC           | 2026-12-01T08:59:59Z | false",
            "mon-fri 09:00-17:00          | UTC           | 2026-12-01T17:00:00Z | false",
            "mon-fri 09:00-17:00          | UTC           | 2026-12-05T10:00:00Z | false",
            "mon-fri 09:00-17:00,sat 10:00-12:00 | UTC    | 2026-12-05T10:00:00Z | true",
            // Overnight: Friday evening into Saturday morning, and not Friday morning.
            "fri 22:00-02:00              | UTC           | 2026-12-04T23:00:00Z | true",
            "fri 22:00-02:00              | UTC           | 2026-12-05T01:59:00Z | true",
            "fri 22:00-02:00              | UTC           | 2026-12-05T02:00:00Z | false",
            "fri 22:00-02:00              | UTC           | 2026-12-04T01:00:00Z | false",
            // Across the week's end: Sunday night into Monday, and a range of days that wraps.
            "sun 23:00-01:00              | UTC           | 2026-11-30T00:30:00Z | true",
            "fri-mon 10:00-11:00          | UTC           | 2026-12-06T10:30:00Z | true",
            "fri-mon 10:00-11:00          | UTC           | 2026-12-01T10:30:00Z | false",
            "daily 00:00-24:00            | UTC           | 2026-12-06T23:59:59Z | true",
            // Local time in the zone: 09:30 in Berlin is 08:30Z in winter and 07:30Z in summer.
            "mon-fri 09:00-17:00          | Europe/Berlin | 2026-12-01T08:30:00Z | true",
            "mon-fri 09:00-17:00          | Europe/Berlin | 2026-07-01T07:30:00Z | true",
            "mon-fri 09:00-17:00          | Europe/Berlin | 2026-07-01T15:30:00Z | false",
            // The night clocks go back (2026-10-25): 02:30 comes twice, the first is meant; 03:00 is CET.
            "sun 02:30-03:00              | Europe/Berlin | 2026-10-25T00:29:00Z | false",
            "sun 02:30-03:00              | Europe/Berlin | 2026-10-25T00:30:00Z | true",
            "sun 02:30-03:00              | Europe/Berlin | 2026-10-25T01:59:00Z | true",
            "sun 02:30-03:00              | Europe/Berlin | 2026-10-25T02:00:00Z | false",
    })
    void windowIsOpenFromItsStartUntilJustBeforeItsEnd(String entries, String zone, Instant at, boolean open) {
        assertThat(windows(entries, zone).isOpen(at)).isEqualTo(open);
    }

    @ParameterizedTest(name = "{0} ({1}) at {2}: opens {3}")
    @CsvSource(delimiter = '|', value = {
            // Open now: now.
            "mon-fri 09:00-17:00          | UTC              | 2026-12-01T12:00:00Z | 2026-12-01T12:00:00Z",
            // Later today, tomorrow, and over the weekend to Monday.
            "mon-fri 09:00-17:00          | UTC              | 2026-12-01T07:00:00Z | 2026-12-01T09:00:00Z",
            "mon-fri 09:00-17:00          | UTC              | 2026-12-01T17:00:00Z | 2026-12-02T09:00:00Z",
            "mon-fri 09:00-17:00          | UTC              | 2026-12-04T17:00:00Z | 2026-12-07T09:00:00Z",
            // The earliest of several windows.
            "mon-fri 09:00-17:00,sat 10:00-12:00 | UTC       | 2026-12-04T17:00:00Z | 2026-12-05T10:00:00Z",
            // Just missed: a week later.
            "sat 10:00-12:00              | UTC              | 2026-12-05T12:00:00Z | 2026-12-12T10:00:00Z",
            "fri 22:00-02:00              | UTC              | 2026-12-05T02:00:00Z | 2026-12-11T22:00:00Z",
            // Spring forward in Berlin (2026-03-29): Saturday 09:00 is 08:00Z, Sunday 09:00 is 07:00Z.
            "daily 09:00-10:00            | Europe/Berlin    | 2026-03-28T09:00:00Z | 2026-03-29T07:00:00Z",
            // A start inside the skipped hour (02:30 does not exist that night) moves on by the hour: 03:30 CEST.
            "sun 02:30-04:00              | Europe/Berlin    | 2026-03-29T00:00:00Z | 2026-03-29T01:30:00Z",
            // A week spanning New York's fall back (2026-11-01): Saturday 10:00 EDT is 14:00Z, then EST is 15:00Z.
            "sat 10:00-11:00              | America/New_York | 2026-10-31T16:00:00Z | 2026-11-07T15:00:00Z",
    })
    void nextOpeningIsTheEarliestWindowStartAfterNow(String entries, String zone, Instant now, Instant opening) {
        assertThat(windows(entries, zone).nextOpening(now)).contains(opening);
    }

    @Test
    void withoutWindowsDeploysAreAlwaysOpenAndNeverWaitForAnOpening() {
        Instant now = Instant.parse("2026-12-05T03:00:00Z");
        assertThat(DeployWindows.ALWAYS.isOpen(now)).isTrue();
        assertThat(DeployWindows.ALWAYS.nextOpening(now)).isEmpty();
        assertThat(DeployWindows.of(List.of(), ZoneId.of("Europe/Berlin")).isOpen(now)).isTrue();
    }

    @Test
    void windowsAreDescribedWithTheirZoneForTheLog() {
        assertThat(windows("mon-fri 09:00-17:00,sat 10:00-12:00", "Europe/Berlin"))
                .hasToString("mon-fri 09:00-17:00, sat 10:00-12:00 (Europe/Berlin)");
    }
}
