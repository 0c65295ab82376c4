package dev.nomaddeployer.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The UI's files, read from the jar ({@code ui/} on the classpath) once at start: nothing is fetched from elsewhere,
 * and a missing file fails the start rather than a page.
 */
final class Assets {
    /** One file: its bytes, its content type, and an entity tag (a digest of the bytes) for revalidation. */
    record Asset(byte[] bytes, String contentType, String etag) {}

    private final Map<String, Asset> byName;

    private Assets(Map<String, Asset> byName) {
        this.byName = byName;
    }

    static Assets load() {
        return new Assets(Map.of(
                "app.js", asset("app.js", "text/javascript; charset=utf-8"),
                "app.css", asset("app.css", "text/css; charset=utf-8")));
    }

    /** The asset called {@code name} (e.g. {@code app.js}), or null. */
    Asset get(String name) {
        return byName.get(name);
    }

    /** A text file of {@code ui/}, e.g. a page's template. */
    static String text(String name) {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    private static Asset asset(String name, String contentType) {
        byte[] bytes = read(name);
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
            return new Asset(bytes, contentType, "\"" + digest + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream("ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("ui/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
