package dev.nomaddeployer.registryapi;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many requests a registry may be sent per period: {@code rate_limit} of a {@code registries} entry, written
 * {@code <n>/s}, {@code <n>/m} or {@code <n>/h}. The one grammar of that field; {@link RequestBudget} spends it.
 */
public record RequestRate(long permits, Duration per) {
    /** Ten a second: far below what any registry refuses, far above what confirming digests and a poll need. */
    public static final RequestRate DEFAULT = new RequestRate(10, Duration.ofSeconds(1));
    public static final String ACCEPTED = "<n>/s, <n>/m or <n>/h with n a whole number of at least 1, such as 10/s"
            + " or 600/m";
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})\\s*/\\s*([smh])");

    public RequestRate {
        if (permits < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("a rate needs at least one request per positive period");
        }
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static RequestRate parse(String text) {
        Matcher matcher = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) < 1) {
            throw new IllegalArgumentException("\"" + text + "\" is not a rate; write " + ACCEPTED);
        }
        Duration per = switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return new RequestRate(Long.parseLong(matcher.group(1)), per);
    }

    /** The time one permit takes to come back. */
    Duration interval() {
        return per.dividedBy(permits);
    }

    /** As it is written: {@code 10/s}. */
    @Override
    public String toString() {
        String unit = per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "m"
                : per.equals(Duration.ofHours(1)) ? "h" : per.toString();
        return permits + "/" + unit;
    }
}
