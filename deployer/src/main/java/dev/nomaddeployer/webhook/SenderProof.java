package dev.nomaddeployer.webhook;

/**
 * How a sender proves a delivery is its own, given the secret of its source ({@code webhooks.<source>.secret}).
 * A source lists the proofs its sender can give; one that verifies is enough.
 */
public sealed interface SenderProof {

    /** What the sender must be set up to send, for messages and docs. */
    String describe();

    /**
     * An HMAC-SHA256 of the raw body under the secret, in hexadecimal, in {@code header} after {@code prefix}
     * (GitHub: {@code X-Hub-Signature-256: sha256=<hex>}). The strongest proof: the secret never travels, and a body
     * changed on the way fails.
     */
    record BodySignature(String header, String prefix) implements SenderProof {
        @Override
        public String describe() {
            return header + ": " + prefix + "<HMAC-SHA256 of the body, hex>";
        }
    }

    /**
     * The secret itself in {@code header}, after {@code scheme} and one space when {@code scheme} is not empty
     * ({@code Authorization: Bearer <secret>}, {@code X-Gitlab-Token: <secret>}). Only as safe as the transport:
     * serve HTTPS.
     */
    record HeaderSecret(String header, String scheme) implements SenderProof {
        @Override
        public String describe() {
            return header + ": " + (scheme.isEmpty() ? "" : scheme + " ") + "<secret>";
        }
    }

    /**
     * HTTP basic credentials {@code Authorization: Basic base64(<user>:<secret>)} with a fixed user name, for a
     * sender that can set no header but sends a URL's user-info as basic credentials ({@code
     * https://quay:<secret>@deployer.example/webhooks/quay}). As safe as {@link HeaderSecret}: serve HTTPS.
     */
    record BasicCredentials(String user) implements SenderProof {
        @Override
        public String describe() {
            return "Authorization: Basic <base64 of " + user + ":<secret>>";
        }
    }

    /**
     * The secret as the path's last segment, {@code /webhooks/<source>/<secret>}, for a sender that can set neither
     * a header nor a signature (Docker Hub). The log shows the path with the secret masked.
     */
    record PathSecret() implements SenderProof {
        @Override
        public String describe() {
            return "the secret as the URL's last segment (/webhooks/<source>/<secret>)";
        }
    }
}
