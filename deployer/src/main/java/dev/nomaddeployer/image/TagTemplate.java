package dev.nomaddeployer.image;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag of a task image written as {@code <prefix>${NOMAD_META_<variable>}<suffix>}, e.g.
 * {@code v${NOMAD_META_VERSION}-alpine}. {@code variable} is kept exactly as written after
 * {@code NOMAD_META_} ({@code VERSION}, or {@code version} for {@code ${NOMAD_META_version}}), because
 * which meta key it resolves to depends on how Nomad exports keys (see docs/image-matching.md).
 */
public record TagTemplate(String prefix, String variable, String suffix) {

    private static final String META_PREFIX = "NOMAD_META_";
    // Nomad only interpolates ${...} whose name matches this (helper/args ReplaceEnv).
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([a-zA-Z0-9_.-]+)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_.-]*");

    /**
     * Empty unless the tag holds exactly one {@code ${NOMAD_META_...}} and only tag characters around it.
     * {@code ${meta.x}} (node meta), other Nomad variables, two variables or a digest make it unusable.
     */
    public static Optional<TagTemplate> parse(String tagPart) {
        if (tagPart == null || !tagPart.contains("${")) {
            return Optional.empty();
        }
        int first = tagPart.indexOf("${");
        if (tagPart.indexOf("${", first + 2) >= 0) {
            return Optional.empty();
        }
        Matcher m = INTERPOLATION.matcher(tagPart);
        if (!m.find(first) || m.start() != first) {
            return Optional.empty();
        }
        String name = m.group(1);
        if (!name.startsWith(META_PREFIX) || name.length() == META_PREFIX.length()) {
            return Optional.empty();
        }
        String prefix = tagPart.substring(0, m.start());
        String suffix = tagPart.substring(m.end());
        if (!LITERAL.matcher(prefix).matches() || !LITERAL.matcher(suffix).matches()) {
            return Optional.empty();
        }
        if (!prefix.isEmpty() && !ReferenceGrammar.isValidTag(prefix.substring(0, 1))) {
            return Optional.empty();
        }
        return Optional.of(new TagTemplate(prefix, name.substring(META_PREFIX.length()), suffix));
    }

    /**
     * The variable name after {@code NOMAD_META_} when {@code text} is exactly one {@code ${NOMAD_META_<name>}} and
     * nothing else, as the digest part of an image that follows a tag's digest is written; empty otherwise.
     */
    static Optional<String> metaVariable(String text) {
        Matcher m = INTERPOLATION.matcher(text);
        if (!m.matches() || !m.group(1).startsWith(META_PREFIX) || m.group(1).length() == META_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1).substring(META_PREFIX.length()));
    }

    /** How a variable is written in a job: {@code ${NOMAD_META_<name>}}. */
    static String written(String variable) {
        return "${" + META_PREFIX + variable + "}";
    }

    /**
     * The meta value that makes this template render {@code pushedTag}: the part between prefix and suffix.
     * Empty when the tag is invalid, has another shape, or would need an empty value.
     */
    public Optional<String> match(String pushedTag) {
        if (!ReferenceGrammar.isValidTag(pushedTag)
                || pushedTag.length() <= prefix.length() + suffix.length()
                || !pushedTag.startsWith(prefix)
                || !pushedTag.endsWith(suffix)) {
            return Optional.empty();
        }
        return Optional.of(pushedTag.substring(prefix.length(), pushedTag.length() - suffix.length()));
    }

    /** The concrete tag Nomad will run when the meta value is {@code value}. */
    public String render(String value) {
        return prefix + value + suffix;
    }

    /** The template as written in the job, e.g. {@code v${NOMAD_META_VERSION}-alpine}. */
    public String text() {
        return prefix + written(variable) + suffix;
    }
}
