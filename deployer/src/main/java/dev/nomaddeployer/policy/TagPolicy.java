package dev.nomaddeployer.policy;

import java.util.Optional;
import java.util.regex.Pattern;
import org.semver4j.RangesList;
import org.semver4j.Semver;

/**
 * Which pushed tags may replace the value of one meta key, written by the job's owner in job meta
 * ({@code nomad-deployer.policy}; grammar in {@link PolicyDirectives}). Decides on meta values: with a template
 * such as {@code v${NOMAD_META_VERSION}-alpine} that is the tag's variable part, {@code 1.6.0}.
 */
public sealed interface TagPolicy {

    /** How the history names the policy, e.g. {@code semver:^1.4}. */
    String describe();

    /** Whether {@code candidate} may replace {@code current} (null or empty when the key holds nothing yet). */
    Verdict judge(String current, String candidate);

    /**
     * How two values rank when pushes for the same job wait together: negative when {@code a} is the lower. Zero
     * when the policy has no order of its own, or cannot rank them; the newest push then wins.
     */
    default int compare(String a, String b) {
        return 0;
    }

    /** Whether {@link #compare} ranks by something other than arrival. */
    default boolean ordered() {
        return false;
    }

    /** {@code all}: every tag the template admits, the newest push winning. */
    record AnyTag() implements TagPolicy {
        @Override
        public String describe() {
            return "all";
        }

        @Override
        public Verdict judge(String current, String candidate) {
            return Verdict.ALLOWED;
        }
    }

    /**
     * No policy written: a value that is a version follows versions only, and one that is not (a moving tag such
     * as {@code latest}) is not moved by versions. CI pushes several tags per build ({@code 1.6.0} and
     * {@code latest}, or {@code sha-3f2a1c}); following all of them would move a job to a moving tag and leave it
     * there, and make two rollouts per release.
     */
    record SameShape() implements TagPolicy {
        /**
         * A version: an optional {@code v}, one to three dot-separated numbers, then optionally a pre-release
         * ({@code -rc.1}) and build metadata ({@code +build.5}).
         */
        private static final Pattern VERSION = Pattern.compile(
                "v?\\d+(\\.\\d+){0,2}(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

        public static boolean isVersion(String value) {
            return VERSION.matcher(value).matches();
        }

        @Override
        public String describe() {
            return "default"; // the refusals spell the rule out; docs/tag-policies.md names it
        }

        @Override
        public Verdict judge(String current, String candidate) {
            if (current == null || current.isEmpty() || current.equals(candidate)) {
                return Verdict.ALLOWED;
            }
            if (isVersion(current) && !isVersion(candidate)) {
                return new Verdict.Refused(candidate + " is not a version, and the key holds the version " + current
                        + ": a job on a version follows versions only (nomad-deployer.policy = \"all\" opts out)");
            }
            if (!isVersion(current) && isVersion(candidate)) {
                return new Verdict.Refused(candidate + " is a version, and the key holds " + current + ", which is"
                        + " not (a moving tag such as latest): a job on a moving tag is not moved by versions"
                        + " (nomad-deployer.policy = \"all\" opts out)");
            }
            return Verdict.ALLOWED;
        }
    }

    /**
     * {@code semver:<range>}: values that parse as semantic versions (a leading {@code v} accepted) inside an
     * npm-style range, never lower than the version the key holds. Pre-releases only when the range names one for
     * the same major.minor.patch (npm's rule) or {@code prereleases} is set. Build metadata is ignored for order.
     */
    record SemverRange(String range, RangesList ranges, boolean prereleases) implements TagPolicy {
        @Override
        public String describe() {
            return "semver:" + range + (prereleases ? " (pre-releases included)" : "");
        }

        @Override
        public Verdict judge(String current, String candidate) {
            Optional<Semver> version = parse(candidate);
            if (version.isEmpty()) {
                return new Verdict.Refused(candidate + " is not a semantic version (MAJOR.MINOR.PATCH, optionally"
                        + " -pre.release and +build), which policy " + describe() + " requires");
            }
            // ranges were built with prereleases as semver4j's include-pre-release switch
            if (!ranges.isSatisfiedBy(version.get())) {
                return new Verdict.Refused(candidate + " is outside the range of policy " + describe()
                        + (version.get().isStable() || prereleases ? ""
                        : "; a pre-release is taken only when the range names one, or with"
                        + " nomad-deployer.prerelease = \"true\""));
            }
            Optional<Semver> running = current == null ? Optional.empty() : parse(current);
            if (running.isPresent() && !current.equals(candidate)) {
                int order = version.get().compareTo(running.get());
                if (order < 0) {
                    return new Verdict.Refused(candidate + " is older than the running version " + current
                            + " (policy " + describe() + " never moves a job back)");
                }
                if (order == 0) {
                    return new Verdict.Refused(candidate + " is the same version as the running " + current
                            + " (build metadata does not order versions)");
                }
            }
            return Verdict.ALLOWED;
        }

        @Override
        public int compare(String a, String b) {
            Optional<Semver> va = parse(a);
            Optional<Semver> vb = parse(b);
            return va.isPresent() && vb.isPresent() ? Integer.signum(va.get().compareTo(vb.get())) : 0;
        }

        @Override
        public boolean ordered() {
            return true;
        }

        static Optional<Semver> parse(String value) {
            return Optional.ofNullable(Semver.parse(value));
        }
    }

    /**
     * {@code regex:<pattern>}: values the pattern finds a match in (anchor it with {@code ^…$} for a whole-value
     * match), ranked by {@code order}; with an order other than {@code pushed}, never lower than the value the key
     * holds when that matches too.
     */
    record Matching(Pattern pattern, TagOrder order) implements TagPolicy {
        @Override
        public String describe() {
            return "regex:" + pattern.pattern() + (order == TagOrder.PUSHED ? "" : " (order " + order.label() + ")");
        }

        @Override
        public Verdict judge(String current, String candidate) {
            if (!pattern.matcher(candidate).find()) {
                return new Verdict.Refused(candidate + " does not match policy " + describe());
            }
            Optional<String> unrankable = order.unrankable(candidate);
            if (unrankable.isPresent()) {
                return new Verdict.Refused(unrankable.get());
            }
            boolean currentRanks = current != null && !current.isEmpty() && !current.equals(candidate)
                    && pattern.matcher(current).find() && order.unrankable(current).isEmpty();
            if (currentRanks && order != TagOrder.PUSHED && order.compare(candidate, current) <= 0) {
                return new Verdict.Refused(candidate + " does not rank above the running " + current + " in "
                        + order.label() + " order (policy " + describe() + " never moves a job back)");
            }
            return Verdict.ALLOWED;
        }

        @Override
        public int compare(String a, String b) {
            return order.compare(a, b);
        }

        @Override
        public boolean ordered() {
            return order != TagOrder.PUSHED;
        }
    }

    /** {@code pause}: nothing is deployed to this key until the policy changes. */
    record Hold() implements TagPolicy {
        @Override
        public String describe() {
            return "pause";
        }

        @Override
        public Verdict judge(String current, String candidate) {
            return new Verdict.Refused("policy pause: nothing is deployed to this key until its"
                    + " nomad-deployer.policy changes");
        }
    }
}
