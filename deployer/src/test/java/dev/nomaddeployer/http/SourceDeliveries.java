package dev.nomaddeployer.http;

import dev.nomaddeployer.webhook.SenderCheck;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deliveries to {@code /webhooks/<source>} of the real listener, as a sender makes them. */
final class SourceDeliveries {
    private SourceDeliveries() {}

    static HttpResponse<String> post(Listener listener, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(listener.uri(path)).timeout(Listener.REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return listener.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
