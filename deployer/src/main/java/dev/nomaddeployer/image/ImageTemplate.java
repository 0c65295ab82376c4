package dev.nomaddeployer.image;

import java.util.Optional;

/**
 * A task image whose host and repository are literal and whose tag is a {@link TagTemplate}, e.g.
 * {@code registry.example:5000/team/web:${NOMAD_META_VERSION}}. Host and repository are normalised as in
 * {@link ImageReference}. {@code digestVariable} is set when the image follows its tag's digest, written
 * {@code ...:${NOMAD_META_TAG}@${NOMAD_META_TAG_DIGEST}}: the name after {@code NOMAD_META_} of the digest's
 * variable, as written; null for an image that follows its tag alone.
 */
public record ImageTemplate(String host, String repository, TagTemplate tag, String digestVariable) {

    public ImageTemplate(String host, String repository, TagTemplate tag) {
        this(host, repository, tag, null);
    }

    /**
     * Empty when the image has no {@code ${NOMAD_META_...}} in its tag, or cannot be redeployed by changing
     * meta values: a variable in host or repository, a literal digest (which pins the image whatever the tag),
     * a digest part other than one {@code ${NOMAD_META_...}} of its own, {@code ${meta.x}}, two variables in the
     * tag, or a name the reference grammar rejects.
     */
    public static Optional<ImageTemplate> parse(String image) {
        if (image == null) {
            return Optional.empty();
        }
        int variable = image.indexOf("${");
        if (variable < 0) {
            return Optional.empty();
        }
        int lastSlash = image.lastIndexOf('/', variable);
        int colon = image.lastIndexOf(':', variable);
        if (colon <= lastSlash) {
            return Optional.empty(); // the variable is in the host or the repository
        }
        int at = image.indexOf('@', colon);
        String digestVariable = null;
        if (at >= 0) {
            Optional<String> digest = TagTemplate.metaVariable(image.substring(at + 1));
            if (digest.isEmpty()) {
                return Optional.empty(); // a literal digest runs that image whatever the tag says
            }
            digestVariable = digest.get();
        }
        Optional<TagTemplate> tag = TagTemplate.parse(image.substring(colon + 1, at < 0 ? image.length() : at));
        if (tag.isEmpty() || tag.get().variable().equals(digestVariable)) {
            return Optional.empty();
        }
        ImageReference name;
        try {
            name = ImageReference.parse(image.substring(0, colon));
        } catch (InvalidImageReference e) {
            return Optional.empty();
        }
        if (name.tag() != null || name.digest() != null) {
            return Optional.empty();
        }
        return Optional.of(new ImageTemplate(name.host(), name.repository(), tag.get(), digestVariable));
    }

    /** {@code host/repository}. */
    public String name() {
        return host + "/" + repository;
    }

    /** Whether the image names its tag's digest through a meta variable of its own. */
    public boolean followsDigest() {
        return digestVariable != null;
    }

    /** The image reference Nomad will pull when the tag's meta value is {@code value} (an image without digest). */
    public String render(String value) {
        return name() + ":" + tag.render(value);
    }

    /** The image reference Nomad will pull when the tag's meta value is {@code value} and the digest's {@code digest}. */
    public String render(String value, String digest) {
        return render(value) + (followsDigest() ? "@" + digest : "");
    }

    /** The image as a normalised template, e.g. {@code docker.io/library/nginx:${NOMAD_META_V}}. */
    public String text() {
        return name() + ":" + tag.text() + (followsDigest() ? "@" + TagTemplate.written(digestVariable) : "");
    }
}
