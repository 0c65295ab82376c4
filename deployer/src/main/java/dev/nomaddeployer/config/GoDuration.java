package dev.nomaddeployer.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Durations written the way Go's {@code time.ParseDuration} reads them, because every duration the Go tool
 * accepted in a config file, variable or flag must keep meaning the same thing here.
 */
public final class GoDuration {

    public static final String ACCEPTED =
            "a Go duration such as 250ms, 5s, 1m30s, 1.5s or 1h (units ns, us, µs, ms, s, m, h; a bare number only as 0)";

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign, as Go accepts
            "\u03bcs", 1_000L, // Greek mu, as Go accepts
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** Parses {@code text}; the exception message says what is wrong, without repeating the input. */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("no number after the sign");
        }
        BigInteger total = BigInteger.ZERO;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) && s.charAt(i) < 128 || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("expected a number at position " + (numberStart + 1));
            }
            int unitStart = i;
            while (i < s.length() && !(Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit after " + number);
            }
            Long nanos = NANOS_PER_UNIT.get(unit);
            if (nanos == null) {
                throw new IllegalArgumentException("unknown unit \"" + unit + "\"");
            }
            // Go truncates each term to whole nanoseconds before adding it.
            BigInteger term = new BigDecimal(number.endsWith(".") ? number + "0" : number)
                    .multiply(BigDecimal.valueOf(nanos)).toBigInteger();
            total = total.add(term);
            if (total.compareTo(MAX_NANOS) > 0) {
                throw new IllegalArgumentException("duration too long (more than about 292 years)");
            }
        }
        long result = total.longValueExact();
        return Duration.ofNanos(negative ? -result : result);
    }

    /** Formats like Go's {@code Duration.String()}: {@code 1h30m0s}, {@code 1.5s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigInteger abs = BigInteger.valueOf(nanos).abs();
        if (abs.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long n = abs.longValue();
            if (n < 1_000) {
                return sign + n + "ns";
            }
            if (n < 1_000_000) {
                return sign + decimal(n, 1_000) + "µs";
            }
            return sign + decimal(n, 1_000_000) + "ms";
        }
        long n = abs.longValue();
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        long secondNanos = n % 60_000_000_000L;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(decimal(secondNanos, 1_000_000_000L)).append('s').toString();
    }

    private static String decimal(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }
}
