package dev.nomaddeployer.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Event ids for senders that give none. A sender re-delivers the same bytes, so a hash of the body names a delivery
 * the same way each time (the inbox keeps one copy); the position tells apart the several pushes of one body.
 */
public final class EventIds {
    private EventIds() {}

    /** {@code <source>-<first 128 bits of the body's SHA-256, hex>-<position>}. */
    public static String ofBody(String source, byte[] body, int position) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return source + "-" + HexFormat.of().formatHex(hash, 0, 16) + "-" + position;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@code <source>-<first 128 bits of the SHA-256 of text, hex>}: a push found, named by what it is. */
    public static String ofContent(String source, String text) {
        return ofBody(source, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
    }

    /** {@code <source>-<the sender's delivery id>-<position>}, for senders that number their deliveries. */
    public static String ofDelivery(String source, String deliveryId, int position) {
        return source + "-" + deliveryId + "-" + position;
    }
}
