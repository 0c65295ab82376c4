package dev.nomaddeployer.pem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code -----BEGIN label-----} ... {@code -----END label-----} block (RFC 7468) with its RFC 1421 headers
 * ({@code Proc-Type}, {@code DEK-Info}: how OpenSSL marks an encrypted traditional key) and decoded body.
 * Text outside blocks is ignored, as OpenSSL and Go do, so a key may follow a certificate or explanatory text.
 */
record PemBlock(String label, Map<String, String> headers, byte[] der) {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** Whether RFC 1421 headers mark the body as encrypted ({@code Proc-Type: 4,ENCRYPTED}). */
    boolean isEncrypted() {
        String procType = headers.get("Proc-Type");
        return procType != null && procType.contains("ENCRYPTED");
    }

    static List<PemBlock> parse(String text) throws KeyFormatException {
        List<PemBlock> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
                continue;
            }
            String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !lines[j].strip().startsWith(END); j++) {
                String body = lines[j].strip();
                int colon = body.indexOf(':');
                if (colon > 0 && base64.length() == 0) {
                    headers.put(body.substring(0, colon).strip(), body.substring(colon + 1).strip());
                } else {
                    base64.append(body);
                }
            }
            if (j == lines.length) {
                throw new KeyFormatException("BEGIN " + label + " has no END line");
            }
            String end = lines[j].strip();
            if (!end.equals(END + label + DASHES)) {
                throw new KeyFormatException("BEGIN " + label + " is closed by " + end);
            }
            try {
                blocks.add(new PemBlock(label, Map.copyOf(headers), Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new KeyFormatException(label + " is not valid base64: " + e.getMessage());
            }
            i = j;
        }
        return blocks;
    }
}
