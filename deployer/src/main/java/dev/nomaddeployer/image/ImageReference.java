package dev.nomaddeployer.image;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed, normalised image reference. {@code host} is lower-case and is {@code docker.io} for Docker
 * Hub, where one-component names get the {@code library/} prefix; {@code tag} and {@code digest} may be
 * null (both may be present).
 */
public record ImageReference(String host, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";

    private static final Pattern FULL = Pattern.compile(
            "(" + ReferenceGrammar.HOST + ")/(" + ReferenceGrammar.REPOSITORY + ")"
                    + "(?::(" + ReferenceGrammar.TAG + "))?"
                    + "(?:@(" + ReferenceGrammar.DIGEST + "))?");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    /**
     * Parses like Docker's {@code ParseNormalizedNamed}: the first path component is a host only if it
     * contains {@code .} or {@code :}, is {@code localhost}, or has upper-case letters (which a
     * repository never has); otherwise the image is on Docker Hub.
     */
    public static ImageReference parse(String ref) throws InvalidImageReference {
        if (ref == null || ref.isEmpty()) {
            throw new InvalidImageReference(String.valueOf(ref), "empty");
        }
        if (IMAGE_ID.matcher(ref).matches()) {
            throw new InvalidImageReference(ref, "a 64-character hexadecimal string is an image ID, not a name");
        }
        String host;
        String remainder;
        int slash = ref.indexOf('/');
        String first = slash < 0 ? "" : ref.substring(0, slash);
        if (slash < 0 || !looksLikeHost(first)) {
            host = DOCKER_HUB;
            remainder = ref;
        } else {
            host = first.toLowerCase(Locale.ROOT);
            remainder = ref.substring(slash + 1);
        }
        if (host.equals(LEGACY_DOCKER_HUB)) {
            host = DOCKER_HUB;
        }
        if (host.equals(DOCKER_HUB) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        String remoteName = remainder.split("[:@]", 2)[0];
        if (!remoteName.toLowerCase(Locale.ROOT).equals(remoteName)) {
            throw new InvalidImageReference(ref, "repository name \"" + remoteName + "\" must be lower-case");
        }
        Matcher m = FULL.matcher(host + "/" + remainder);
        if (!m.matches()) {
            throw new InvalidImageReference(ref, "does not follow host[:port]/path[:tag][@digest] "
                    + "(path components [a-z0-9] joined by . _ __ or -, tag [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}, "
                    + "digest algorithm:hex)");
        }
        String repository = m.group(2);
        if (host.length() + 1 + repository.length() > ReferenceGrammar.NAME_MAX_LENGTH) {
            throw new InvalidImageReference(ref, "name is longer than " + ReferenceGrammar.NAME_MAX_LENGTH
                    + " characters");
        }
        return new ImageReference(host, repository, m.group(3), m.group(4));
    }

    private static boolean looksLikeHost(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.toLowerCase(Locale.ROOT).equals(first);
    }

    /** {@code host/repository}, the part that names the image regardless of tag. */
    public String name() {
        return host + "/" + repository;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
