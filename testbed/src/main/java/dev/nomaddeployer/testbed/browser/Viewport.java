package dev.nomaddeployer.testbed.browser;

/**
 * The size of the page area a test looks through, in CSS pixels at one device pixel per CSS pixel (so a
 * screenshot has exactly these dimensions); {@code mobile} makes Chromium honour the page's viewport meta tag
 * and report touch, as a phone's browser does.
 */
public record Viewport(int width, int height, boolean mobile) {
    /** The desktop size the UI is designed for. */
    public static final Viewport DESKTOP = new Viewport(1280, 800, false);
    /** A common phone in portrait. */
    public static final Viewport PHONE = new Viewport(390, 844, true);

    public Viewport {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a viewport needs a positive size, not " + width + "x" + height);
        }
    }
}
