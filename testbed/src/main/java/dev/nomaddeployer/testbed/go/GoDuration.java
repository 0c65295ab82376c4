package dev.nomaddeployer.testbed.go;

import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.Duration} text: the simulator parses it (Nomad's `?wait=`) and the registry harness
 * writes it (the registry's YAML), so both read and write the one syntax Go's {@code time.ParseDuration} takes.
 */
public final class GoDuration {
    /** What {@link #parseNanos} answers for text Go rejects. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final Map<String, Double> UNIT_NANOS = Map.of(
            "ns", 1d, "us", 1e3, "\u00b5s", 1e3, "\u03bcs", 1e3, "ms", 1e6, "s", 1e9, "m", 60e9, "h", 3600e9);

    private GoDuration() {
    }

    /** Nanoseconds (negative ones included, as Go accepts them), or {@link #INVALID}; a bare number other than 0 is invalid. */
    public static long parseNanos(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            return INVALID;
        }
        double total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.chars().filter(c -> c == '.').count() > 1) {
                return INVALID;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Double unit = UNIT_NANOS.get(s.substring(unitStart, i));
            if (unit == null) {
                return INVALID;
            }
            total += Double.parseDouble(number) * unit;
        }
        return negative ? -(long) total : (long) total;
    }

    /** {@code 2s} → {@code 2000ms}; sub-millisecond values fall back to nanoseconds so nothing is rounded. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a registry duration cannot be negative: " + duration);
        }
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        return nanos % 1_000_000 == 0 ? (nanos / 1_000_000) + "ms" : nanos + "ns";
    }

    /** Go's {@code time.Duration.String()}: {@code 5m0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 250ms}, {@code 0s}. */
    public static String goString(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000_000_000L) {
            long unit = n < 1_000 ? 1 : n < 1_000_000 ? 1_000 : 1_000_000;
            String suffix = unit == 1 ? "ns" : unit == 1_000 ? "\u00b5s" : "ms";
            return sign + fraction(n, unit) + suffix;
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        String seconds = fraction(n % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
    }

    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = Long.toString(unit + rest).substring(1).replaceAll("0+$", "");
        return whole + "." + digits;
    }
}
