package dev.nomaddeployer.deploy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The default rule for which pushed tags may replace a meta value, until a job states a tag policy of its
 * own. CI pipelines push several tags per build ({@code 1.6.0} and {@code latest}, or {@code 1.6.0} and
 * {@code sha-3f2a1c}); following all of them would move a job to a moving tag and then leave it there, and
 * make two rollouts per release. So a job on a version follows versions only, and a job on a tag that is not
 * a version (a moving tag such as {@code latest} or {@code main}) is not moved by versions either.
 */
final class TagShapes {
    /**
     * A version: an optional {@code v}, one to three dot-separated numbers, then optionally a pre-release
     * ({@code -rc.1}) and build metadata ({@code +build.5}) made of letters, digits and hyphens. So
     * {@code 1}, {@code 1.6}, {@code v1.6.0}, {@code 1.7.0-rc.1} and {@code 2024.11.05} are versions;
     * {@code latest}, {@code main}, {@code sha-3f2a1c} and {@code pr-481} are not.
     */
    private static final Pattern VERSION = Pattern.compile(
            "v?\\d+(\\.\\d+){0,2}(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private TagShapes() {}

    static boolean isVersion(String value) {
        return VERSION.matcher(value).matches();
    }

    /** Why {@code newValue} may not replace {@code oldValue} by default; empty when it may. */
    static Optional<String> refusal(String key, String oldValue, String newValue) {
        if (oldValue == null || oldValue.isEmpty() || oldValue.equals(newValue)) {
            return Optional.empty();
        }
        if (isVersion(oldValue) && !isVersion(newValue)) {
            return Optional.of(newValue + " is not a version, and " + key + " holds the version " + oldValue
                    + ": a job on a version follows versions only");
        }
        if (!isVersion(oldValue) && isVersion(newValue)) {
            return Optional.of(newValue + " is a version, and " + key + " holds " + oldValue + ", which is not"
                    + " (a moving tag such as latest): a job on a moving tag is not moved by versions");
        }
        return Optional.empty();
    }
}
