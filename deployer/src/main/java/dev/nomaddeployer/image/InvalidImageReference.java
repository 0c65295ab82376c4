package dev.nomaddeployer.image;

/** An image reference that the distribution grammar rejects; the message quotes it and says why. */
public final class InvalidImageReference extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String reference;

    public InvalidImageReference(String reference, String why) {
        super("invalid image reference \"" + reference + "\": " + why);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
