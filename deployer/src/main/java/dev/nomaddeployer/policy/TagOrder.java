package dev.nomaddeployer.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@code regex:} policy ranks the tags it admits ({@code nomad-deployer.order}). {@code pushed}: by arrival,
 * newest wins. {@code numerical}: by the numbers in the value, left to right ({@code pr-99} before {@code pr-481},
 * {@code build-2024.11.5} before {@code build-2024.11.12}). {@code alphabetical}: by the value's characters, for
 * tags that sort by text such as {@code 2024-11-05T10-00}.
 */
public enum TagOrder {
    PUSHED, NUMERICAL, ALPHABETICAL;

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TagOrder> fromLabel(String text) {
        for (TagOrder order : values()) {
            if (order.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(order);
            }
        }
        return Optional.empty();
    }

    /** Negative when {@code a} ranks below {@code b}; zero when this order cannot tell them apart. */
    int compare(String a, String b) {
        switch (this) {
            case NUMERICAL:
                return compareNumbers(numbers(a), numbers(b));
            case ALPHABETICAL:
                return Integer.signum(a.compareTo(b));
            default:
                return 0;
        }
    }

    /** Why {@code value} cannot be ranked by this order; empty when it can. */
    Optional<String> unrankable(String value) {
        if (this == NUMERICAL && numbers(value).isEmpty()) {
            return Optional.of(value + " has no number to order by (nomad-deployer.order = \"numerical\")");
        }
        return Optional.empty();
    }

    private static List<BigInteger> numbers(String value) {
        List<BigInteger> numbers = new ArrayList<>();
        Matcher matcher = NUMBER.matcher(value);
        while (matcher.find()) {
            numbers.add(new BigInteger(matcher.group()));
        }
        return numbers;
    }

    private static int compareNumbers(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return Integer.signum(c);
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
