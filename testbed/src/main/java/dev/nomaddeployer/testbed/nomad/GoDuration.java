package dev.nomaddeployer.testbed.nomad;

import java.util.Map;

/** Go's time.ParseDuration, which the agent uses for `?wait=`: a bare number other than 0 is invalid. */
final class GoDuration {
    private static final Map<String, Double> UNIT_NANOS = Map.of(
            "ns", 1d, "us", 1e3, "\u00b5s", 1e3, "\u03bcs", 1e3, "ms", 1e6, "s", 1e9, "m", 60e9, "h", 3600e9);

    private GoDuration() {
    }

    static final long INVALID = Long.MIN_VALUE;

    /** Nanoseconds (negative ones included, as Go accepts them), or {@link #INVALID}. */
    static long parseNanos(String text) {
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
}
