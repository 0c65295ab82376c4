package dev.nomaddeployer.http;

import dev.nomaddeployer.webhook.SenderCheck;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** POSTs to the listener's {@code /webhooks/...} endpoints as a sender does. */
final class SourceDeliveries {
    private SourceDeliveries() {}

    /** {@code body} to {@code path}, with header name/value pairs (JSON unless they say otherwise). */
    static HttpResponse<String> post(Listener listener, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(listener.uri(path)).timeout(Listener.REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        boolean typed = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            request.header("Content-Type", "application/json");
        }
        return listener.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@link #post(Listener, String, byte[], String...)} with the headers as a map. */
    static HttpResponse<String> post(Listener listener, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return post(listener, path, body, headers.entrySet().stream()
                .flatMap(header -> Stream.of(header.getKey(), header.getValue()))
                .toArray(String[]::new));
    }

    /** {@code first} and then {@code more} name/value pairs, as one array for an HTTP client. */
    static String[] with(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** {@code headers} and one more. */
    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    /** {@code headers} and the hex HMAC-SHA256 of {@code body} under {@code secret} in {@code header}. */
    static Map<String, String> signed(Map<String, String> headers, String header, String secret, byte[] body) {
        return with(headers, header, SenderCheck.hmacHex(secret, body));
    }
}
