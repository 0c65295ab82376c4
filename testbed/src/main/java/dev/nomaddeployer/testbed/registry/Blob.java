package dev.nomaddeployer.testbed.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content addressed by its sha256 digest, with the media type it is described by.
 * The array is never modified after construction; callers get it back as is, to avoid copying layers.
 */
public record Blob(String mediaType, byte[] content) {

    public static Blob ofUtf8(String mediaType, String text) {
        return new Blob(mediaType, text.getBytes(StandardCharsets.UTF_8));
    }

    public String digest() {
        return sha256(content);
    }

    public long size() {
        return content.length;
    }

    /** The hex part of the digest, as used for file names in an OCI layout. */
    public String hex() {
        return digest().substring("sha256:".length());
    }

    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
