package dev.nomaddeployer.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A delivery to {@code /webhooks/<source>} carrying the proof its sender would give under {@code secret}: the first
 * of the source's proofs, computed over the exact body, beside the fixture's own headers.
 *
 * @param headers name/value pairs, as {@code HttpRequest.Builder.headers} takes them
 */
public record SignedDelivery(String path, String[] headers) {

    public static SignedDelivery of(WebhookSource source, byte[] body, Map<String, String> fixtureHeaders,
                                    String secret) {
        List<String> headers = new ArrayList<>();
        fixtureHeaders.forEach((name, value) -> {
            headers.add(name);
            headers.add(value);
        });
        String path = "/webhooks/" + source.name();
        SenderProof proof = source.proofs().get(0);
        if (proof instanceof SenderProof.BodySignature signature) {
            headers.add(signature.header());
            headers.add(signature.prefix() + SenderCheck.hmacHex(secret, body));
        } else if (proof instanceof SenderProof.HeaderSecret header) {
            headers.add(header.header());
            headers.add(header.scheme().isEmpty() ? secret : header.scheme() + " " + secret);
        } else if (proof instanceof SenderProof.BasicCredentials basic) {
            headers.add("Authorization");
            headers.add("Basic " + Base64.getEncoder().encodeToString((basic.user() + ":" + secret)
                    .getBytes(StandardCharsets.UTF_8)));
        } else if (proof instanceof SenderProof.PathSecret) {
            path = path + "/" + secret;
        } else {
            throw new IllegalArgumentException("no delivery for proof " + proof);
        }
        return new SignedDelivery(path, headers.toArray(String[]::new));
    }
}
