package dev.nomaddeployer.deploy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * When deploys may happen ({@code deploy.windows} in {@code deploy.windows_zone}): the one grammar of a window
 * and the one reading of "open now" and "opens next". No windows means always open.
 *
 * <p>A window is {@code DAYS HH:MM-HH:MM}: {@code DAYS} is a day ({@code sat}), a range of days ({@code mon-fri},
 * which may wrap: {@code fri-mon}) or {@code daily}; the times are local wall-clock times in the zone, the end
 * exclusive and {@code 24:00} meaning midnight at the end of the day. An end at or before the start is an
 * overnight window: {@code fri 22:00-02:00} runs from Friday 22:00 into Saturday 02:00. Local times are turned
 * into instants by {@link ZonedDateTime#of}: on a day whose clocks skip an hour, a time inside the gap moves
 * forward by the gap's length; on a day that repeats an hour, the earlier of the two instants is meant.
 */
public record DeployWindows(List<Window> windows, ZoneId zone) {
    public static final String ACCEPTED = "DAYS HH:MM-HH:MM, where DAYS is a day (mon, tue, wed, thu, fri, sat, sun),"
            + " a range of days such as mon-fri, or daily; the end is exclusive, 24:00 is midnight, and an end at or"
            + " before the start runs into the next day (fri 22:00-02:00); several windows separated by commas";

    /** Open at any time: no windows configured. */
    public static final DeployWindows ALWAYS = new DeployWindows(List.of(), ZoneId.of("UTC"));

    private static final Pattern WINDOW = Pattern.compile(
            "([a-z]+)(?:-([a-z]+))?\\s+(\\d{2}:\\d{2})\\s*-\\s*(\\d{2}:\\d{2})");
    private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    public DeployWindows {
        windows = List.copyOf(windows);
    }

    public static DeployWindows of(List<Window> windows, ZoneId zone) {
        return new DeployWindows(windows, zone);
    }

    /**
     * One window: starts on each of {@code days} at {@code start} and lasts until {@code end} (null: midnight at
     * the end of that day), on the next day when {@code end} is not after {@code start}.
     */
    public record Window(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        public Window {
            days = Set.copyOf(days);
        }

        /** Reads one window; the exception says what is wrong, not what was given. */
        public static Window parse(String text) {
            Matcher m = WINDOW.matcher(text.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("not of the form DAYS HH:MM-HH:MM");
            }
            Set<DayOfWeek> days;
            if (m.group(1).equals("daily")) {
                if (m.group(2) != null) {
                    throw new IllegalArgumentException("daily takes no range");
                }
                days = EnumSet.allOf(DayOfWeek.class);
            } else {
                DayOfWeek first = day(m.group(1));
                DayOfWeek last = m.group(2) == null ? first : day(m.group(2));
                days = EnumSet.noneOf(DayOfWeek.class);
                for (DayOfWeek d = first; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == last) {
                        break;
                    }
                }
            }
            LocalTime start = time(m.group(3), false);
            LocalTime end = time(m.group(4), true);
            if (start.equals(end)) {
                throw new IllegalArgumentException("start and end are the same time; daily 00:00-24:00 is always");
            }
            return new Window(days, start, end);
        }

        private static DayOfWeek day(String name) {
            int index = DAY_NAMES.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("unknown day; days are " + String.join(", ", DAY_NAMES));
            }
            return DayOfWeek.of(index + 1);
        }

        /** {@code HH:MM}; {@code 24:00} only as an end, read as null (midnight ending the day). */
        private static LocalTime time(String text, boolean isEnd) {
            int hours = Integer.parseInt(text.substring(0, 2));
            int minutes = Integer.parseInt(text.substring(3));
            if (isEnd && hours == 24 && minutes == 0) {
                return null;
            }
            if (hours > 23 || minutes > 59) {
                throw new IllegalArgumentException("times run from 00:00 to 23:59 (24:00 only as an end)");
            }
            return LocalTime.of(hours, minutes);
        }

        /** The instants this window covers when it starts on {@code date}, in {@code zone}. */
        private Span span(LocalDate date, ZoneId zone) {
            Instant from = ZonedDateTime.of(date, start, zone).toInstant();
            Instant to = end == null || !end.isAfter(start)
                    ? ZonedDateTime.of(date.plusDays(1), end == null ? LocalTime.MIDNIGHT : end, zone).toInstant()
                    : ZonedDateTime.of(date, end, zone).toInstant();
            return new Span(from, to);
        }

        /** As written in the configuration, with the days in their shortest form. */
        @Override
        public String toString() {
            return dayText() + " " + start + "-" + (end == null ? "24:00" : end.toString());
        }

        private String dayText() {
            if (days.size() == 7) {
                return "daily";
            }
            // The run of days starts at a day whose predecessor is not in the set (a range may wrap past Sunday).
            DayOfWeek first = days.stream().filter(d -> !days.contains(d.minus(1))).findFirst().orElseThrow();
            DayOfWeek last = first.plus(days.size() - 1);
            String name = DAY_NAMES.get(first.getValue() - 1);
            return days.size() == 1 ? name : name + "-" + DAY_NAMES.get(last.getValue() - 1);
        }
    }

    /** From (inclusive) to (exclusive); empty when a skipped hour swallowed the whole window. */
    private record Span(Instant from, Instant to) {
        boolean contains(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }

    public boolean alwaysOpen() {
        return windows.isEmpty();
    }

    /** Whether deploys may happen at {@code now}. */
    public boolean isOpen(Instant now) {
        if (windows.isEmpty()) {
            return true;
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        // A window that began yesterday may still run (overnight), one that begins today may have started.
        for (LocalDate date = today.minusDays(1); !date.isAfter(today); date = date.plusDays(1)) {
            for (Window window : windows) {
                if (window.days().contains(date.getDayOfWeek())) {
                    if (window.span(date, zone).contains(now)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code now} when open; else the next instant a window opens (a week ahead at most); empty: always open. */
    public Optional<Instant> nextOpening(Instant now) {
        if (windows.isEmpty()) {
            return Optional.empty();
        }
        if (isOpen(now)) {
            return Optional.of(now);
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant next = null;
        for (LocalDate date = today; !date.isAfter(today.plusDays(7)); date = date.plusDays(1)) {
            for (Window window : windows) {
                if (window.days().contains(date.getDayOfWeek())) {
                    Span span = window.span(date, zone);
                    // A window emptied by a skipped hour (start and end in one gap) never opens.
                    if (span.from().isAfter(now) && span.to().isAfter(span.from())
                            && (next == null || span.from().isBefore(next))) {
                        next = span.from();
                    }
                }
            }
        }
        return Optional.ofNullable(next);
    }

    /** The windows as configured, with the zone: {@code mon-fri 09:00-17:00, sat 10:00-12:00 (Europe/Berlin)}. */
    @Override
    public String toString() {
        if (windows.isEmpty()) {
            return "always open";
        }
        return windows.stream().map(Window::toString).collect(Collectors.joining(", ")) + " (" + zone.getId() + ")";
    }
}
