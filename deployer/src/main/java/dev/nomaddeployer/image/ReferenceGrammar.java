package dev.nomaddeployer.image;

import java.util.regex.Pattern;

/**
 * The pieces of the distribution reference grammar (github.com/distribution/reference) that the
 * deployer checks: image references in jobs and repository names and tags in registry notifications.
 */
public final class ReferenceGrammar {

    /** Longest repository name (host included) a registry accepts. */
    public static final int NAME_MAX_LENGTH = 255;

    private static final String ALPHA_NUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALPHA_NUMERIC + "(?:" + SEPARATOR + ALPHA_NUMERIC + ")*";
    static final String REPOSITORY = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    private static final String IPV6_ADDRESS = "\\[[a-fA-F0-9:]+\\]";
    static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6_ADDRESS + ")(?::[0-9]+)?";

    // No UNICODE_CHARACTER_CLASS anywhere, so \w is exactly [A-Za-z0-9_] as in Go's RE2.
    static final String TAG = "\\w[\\w.-]{0,127}";
    static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    private static final Pattern REPOSITORY_PATTERN = Pattern.compile(REPOSITORY);
    private static final Pattern HOST_PATTERN = Pattern.compile(HOST);
    private static final Pattern DIGEST_PATTERN = Pattern.compile(DIGEST);

    private ReferenceGrammar() {
    }

    public static boolean isValidTag(String tag) {
        return tag != null && TAG_PATTERN.matcher(tag).matches();
    }

    /** A content digest {@code algorithm:hex}, such as {@code sha256:} and 64 hexadecimal digits. */
    public static boolean isValidDigest(String digest) {
        return digest != null && DIGEST_PATTERN.matcher(digest).matches();
    }

    /** A repository path such as {@code team/app}, without host; at most 255 characters. */
    public static boolean isValidRepository(String repository) {
        return repository != null
                && repository.length() <= NAME_MAX_LENGTH
                && REPOSITORY_PATTERN.matcher(repository).matches();
    }

    /** A registry host as written in a reference: {@code name[:port]}, {@code [v6]:port}, {@code localhost}. */
    public static boolean isValidHost(String host) {
        return host != null && HOST_PATTERN.matcher(host).matches();
    }
}
