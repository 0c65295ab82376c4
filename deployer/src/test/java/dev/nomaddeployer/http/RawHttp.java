package dev.nomaddeployer.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection written byte by byte, for what a well-behaved client cannot send: chunked bodies of
 * a chosen shape, oversized heads, bodies that trickle.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    record Reply(int status, Map<String, String> headers, String body) {
    }

    RawHttp(int port, Duration timeout) throws IOException {
        this(null, port, timeout);
    }

    /**
     * A connection from {@code client}, or from the address the system picks when null (on Linux every
     * 127.x.y.z is a loopback address of its own, so each can stand for another client).
     */
    RawHttp(InetAddress client, int port, Duration timeout) throws IOException {
        socket = new Socket();
        if (client != null) {
            socket.bind(new InetSocketAddress(client, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** A POST head to the callback with the registry's content type; {@code extra} are whole header lines. */
    static String callbackHead(String... extra) {
        StringBuilder head = new StringBuilder("POST /registry/callback HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: " + Listener.EVENTS_TYPE + "\r\n");
        for (String line : extra) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** {@code body} as chunks of {@code size} bytes, then the last chunk. */
    static byte[] chunked(byte[] body, int size) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += size) {
            int length = Math.min(size, body.length - at);
            encoded.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            encoded.write(body, at, length);
            encoded.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        encoded.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return encoded.toByteArray();
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Whether the server has sent something not read yet; never blocks. */
    boolean hasUnreadReply() throws IOException {
        return in.available() > 0;
    }

    /** The next response; an interim {@code 100 Continue} counts as one. */
    Reply read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Reply(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /**
     * Reads until the server closes the connection and returns what it sent before (nothing, or an answer such
     * as a 408). A reset counts as closed; a read that times out is an {@link java.net.SocketTimeoutException}.
     */
    String awaitClose() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                received.write(b);
            }
        } catch (SocketException reset) {
            // the server closed with bytes of ours unread, which the kernel answers with a reset
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before a complete response; got \"" + line + "\"");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
