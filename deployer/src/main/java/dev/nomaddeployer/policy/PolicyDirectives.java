package dev.nomaddeployer.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;

/**
 * The grammar of the tag-policy directives in job meta, the one place it is defined:
 * <ul>
 *   <li>{@code nomad-deployer.policy}: {@code all} | {@code semver:<npm range>} | {@code regex:<Java pattern>} |
 *       {@code pause}; absent = the default ({@link TagPolicy.SameShape});</li>
 *   <li>{@code nomad-deployer.prerelease}: {@code true} | {@code false} (default), with {@code semver:} only;</li>
 *   <li>{@code nomad-deployer.order}: {@code pushed} (default) | {@code numerical} | {@code alphabetical}, with
 *       {@code regex:} only.</li>
 * </ul>
 * Each may be written for one key ({@code nomad-deployer.policy.API_VERSION}), which wins over the general one.
 * A directive that does not parse is never guessed at: the key is left alone and the history says why.
 */
public final class PolicyDirectives {
    public static final String POLICY = "policy";
    public static final String PRERELEASE = "prerelease";
    public static final String ORDER = "order";

    /**
     * One comparator of a range as npm writes it: an operator, then a version whose parts may be {@code x} or
     * {@code *}, with optional pre-release and build. semver4j reads anything it does not understand as "any
     * version" ({@code semver:latest} would follow every release), so each word is checked before it sees them.
     */
    private static final Pattern RANGE_WORD = Pattern.compile(
            "(\\^|~>?|>=|<=|>|<|=)?v?(\\d+|[xX*])(\\.(\\d+|[xX*])){0,2}(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?"
                    + "(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?|-|\\|\\|");

    private static final String ACCEPTED = "accepted: \"all\", \"semver:<range>\" (npm ranges such as ^1.4, ~1.4.2,"
            + " >=1.2 <2, *), \"regex:<pattern>\", \"pause\"";

    private PolicyDirectives() {}

    /** What the directives of one key say; {@code directive} answers a directive's name with its value. */
    public sealed interface Reading {
        record Valid(TagPolicy policy) implements Reading {}

        /** {@code problem} names the directive, its value and what is accepted. */
        record Invalid(String problem) implements Reading {}
    }

    public static Reading read(Function<String, Optional<String>> directive) {
        Optional<String> policy = directive.apply(POLICY).map(String::strip);
        Optional<String> prerelease = directive.apply(PRERELEASE).map(v -> v.strip().toLowerCase(Locale.ROOT));
        Optional<String> order = directive.apply(ORDER);
        if (prerelease.isPresent() && !prerelease.get().equals("true") && !prerelease.get().equals("false")) {
            return invalid(PRERELEASE, prerelease.get(), "accepted: \"true\", \"false\"");
        }
        String text = policy.orElse("");
        String kind = text.contains(":") ? text.substring(0, text.indexOf(':')).strip().toLowerCase(Locale.ROOT)
                : text.toLowerCase(Locale.ROOT);
        String named = policy.isEmpty() ? "the default" : "\"" + text + "\"";
        if (prerelease.isPresent() && !kind.equals("semver")) {
            return invalid(PRERELEASE, prerelease.get(), "it applies to a \"semver:\" policy only, and the policy is "
                    + named);
        }
        if (order.isPresent() && !kind.equals("regex")) {
            return invalid(ORDER, order.get(), "it applies to a \"regex:\" policy only, and the policy is " + named);
        }
        if (policy.isEmpty()) {
            return new Reading.Valid(new TagPolicy.SameShape());
        }
        String argument = text.contains(":") ? text.substring(text.indexOf(':') + 1).strip() : null;
        switch (kind) {
            case "all":
                return argument == null ? new Reading.Valid(new TagPolicy.AnyTag()) : invalid(POLICY, text, ACCEPTED);
            case "pause":
                return argument == null ? new Reading.Valid(new TagPolicy.Hold()) : invalid(POLICY, text, ACCEPTED);
            case "semver":
                return semver(text, argument, prerelease.map("true"::equals).orElse(false));
            case "regex":
                return regex(text, argument, order);
            default:
                return invalid(POLICY, text, ACCEPTED);
        }
    }

    private static Reading semver(String text, String range, boolean prereleases) {
        if (range == null || range.isEmpty()) {
            return invalid(POLICY, text, "a semver policy needs a range, e.g. \"semver:^1.4\"");
        }
        String spaced = range.replace("||", " || ");
        for (String word : spaced.split("\\s+")) {
            if (!RANGE_WORD.matcher(word).matches()) {
                return invalid(POLICY, text, "\"" + word + "\" is not part of an npm-style range (^1.4, ~1.4.2,"
                        + " >=1.2 <2, 1.2 - 1.4, *, joined by ||)");
            }
        }
        RangesList ranges;
        try {
            ranges = RangesListFactory.create(range, prereleases);
        } catch (RuntimeException e) {
            return invalid(POLICY, text, "the range does not parse: " + e.getMessage());
        }
        if (ranges.get().isEmpty()) {
            return invalid(POLICY, text, "the range does not parse (npm-style ranges: ^1.4, ~1.4.2, >=1.2 <2, *)");
        }
        return new Reading.Valid(new TagPolicy.SemverRange(range, ranges, prereleases));
    }

    private static Reading regex(String text, String pattern, Optional<String> orderText) {
        if (pattern == null || pattern.isEmpty()) {
            return invalid(POLICY, text, "a regex policy needs a pattern, e.g. \"regex:^pr-[0-9]+$\"");
        }
        TagOrder order = TagOrder.PUSHED;
        if (orderText.isPresent()) {
            Optional<TagOrder> parsed = TagOrder.fromLabel(orderText.get());
            if (parsed.isEmpty()) {
                return invalid(ORDER, orderText.get(), "accepted: \"pushed\", \"numerical\", \"alphabetical\"");
            }
            order = parsed.get();
        }
        try {
            return new Reading.Valid(new TagPolicy.Matching(Pattern.compile(pattern), order));
        } catch (PatternSyntaxException e) {
            return invalid(POLICY, text, "the pattern does not compile as a Java regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static Reading invalid(String name, String value, String accepted) {
        return new Reading.Invalid("invalid nomad-deployer." + name + " \"" + value + "\" (" + accepted + "); the key"
                + " is left alone until the directive is fixed");
    }
}
