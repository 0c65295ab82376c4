package dev.nomaddeployer.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One sender's delivery as written under {@code webhooks/<source>/}: {@code <event>.json} is the body, and
 * {@code <event>.headers}, when the sender names the event in a header, holds {@code Name: value} lines (never a
 * signature: tests compute it with the secret they use).
 */
public record WebhookFixture(String source, String event, byte[] body, Map<String, String> headers) {

    public static final Instant RECEIVED = Instant.parse("2026-12-01T09:00:00Z");

    public static WebhookFixture load(String source, String event) {
        String base = "/webhooks/" + source + "/" + event;
        byte[] body = resource(base + ".json").orElseThrow(() -> new IllegalStateException("missing " + base + ".json"));
        Map<String, String> headers = new LinkedHashMap<>();
        resource(base + ".headers").ifPresent(text -> {
            for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        });
        return new WebhookFixture(source, event, body, Map.copyOf(headers));
    }

    /** Every event fixture of {@code source}, by name without {@code .json}, sorted. */
    public static List<String> events(String source) {
        URL dir = WebhookFixture.class.getResource("/webhooks/" + source);
        if (dir == null) {
            return List.of();
        }
        try (Stream<java.nio.file.Path> files = Files.list(Path.of(
                dir.toURI()))) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The delivery as the parser sees it, with {@code extra} headers (name, value, ...) added or replaced. */
    public WebhookRequest request(String... extra) {
        return request(body, extra);
    }

    /** Another body under this delivery's headers. */
    public WebhookRequest request(byte[] otherBody, String... extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            String replaced = extra[i];
            all.keySet().removeIf(name -> name.equalsIgnoreCase(replaced));
            all.put(replaced, extra[i + 1]);
        }
        return new WebhookRequest(otherBody, all, Optional.empty(), RECEIVED);
    }

    /** The headers as name, value pairs, for an HTTP client. */
    public String[] headerPairs() {
        List<String> pairs = new ArrayList<>();
        headers.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        return pairs.toArray(String[]::new);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Optional<byte[]> resource(String path) {
        try (InputStream in = WebhookFixture.class.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
