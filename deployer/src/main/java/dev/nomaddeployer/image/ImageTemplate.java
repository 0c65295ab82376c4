package dev.nomaddeployer.image;

import java.util.Optional;

/**
 * A task image whose host and repository are literal and whose tag is a {@link TagTemplate}, e.g.
 * {@code registry.example:5000/team/web:${NOMAD_META_VERSION}}. Host and repository are normalised as in
 * {@link ImageReference}.
 */
public record ImageTemplate(String host, String repository, TagTemplate tag) {

    /**
     * Empty when the image has no {@code ${NOMAD_META_...}} in its tag, or cannot be redeployed by changing
     * a meta value: a variable in host or repository, a digest (which pins the image whatever the tag),
     * {@code ${meta.x}}, two variables, or a name the reference grammar rejects.
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
        Optional<TagTemplate> tag = TagTemplate.parse(image.substring(colon + 1));
        if (tag.isEmpty()) {
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
        return Optional.of(new ImageTemplate(name.host(), name.repository(), tag.get()));
    }

    /** {@code host/repository}. */
    public String name() {
        return host + "/" + repository;
    }

    /** The image reference Nomad will pull when the meta value is {@code value}. */
    public String render(String value) {
        return name() + ":" + tag.render(value);
    }

    /** The image as a normalised template, e.g. {@code docker.io/library/nginx:${NOMAD_META_V}}. */
    public String text() {
        return name() + ":" + tag.text();
    }
}
