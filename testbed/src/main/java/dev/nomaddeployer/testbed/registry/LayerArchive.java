package dev.nomaddeployer.testbed.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * A one-file tar archive, gzipped, built byte for byte the same way every time, so that a seed always
 * gives the same layer digest. A real archive rather than random bytes: skopeo and registries may look
 * inside layers, and a fake would fail there for reasons that have nothing to do with the test.
 */
final class LayerArchive {
    private static final int BLOCK = 512;

    private LayerArchive() {
    }

    /** The uncompressed tar holding {@code fileName} with {@code content}. */
    static byte[] tar(String fileName, byte[] content) {
        byte[] header = new byte[BLOCK];
        put(header, 0, fileName, 100);
        put(header, 100, "0000644", 8);
        put(header, 108, "0000000", 8);
        put(header, 116, "0000000", 8);
        put(header, 124, String.format("%011o", content.length), 12);
        put(header, 136, "00000000000", 12); // mtime 0 keeps the digest reproducible
        header[156] = '0';
        put(header, 257, "ustar", 6);
        put(header, 263, "00", 2);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum), 7);
        header[155] = ' ';

        int padded = (content.length + BLOCK - 1) / BLOCK * BLOCK;
        ByteArrayOutputStream out = new ByteArrayOutputStream(BLOCK + padded + 2 * BLOCK);
        out.writeBytes(header);
        out.writeBytes(content);
        out.writeBytes(new byte[padded - content.length]);
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** The JDK writes a fixed gzip header (no name, mtime 0), so equal input gives equal output. */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String value, int width) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > width) {
            throw new IllegalArgumentException("tar header field too long: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
