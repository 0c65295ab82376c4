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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The senders' deliveries written as fixtures: {@code webhooks/<source>/<event>.json} is the body, and an optional
 * {@code <event>.headers} beside it holds {@code Name: value} lines (never a signature: tests compute those).
 */
public final class WebhookFixtures {
    private WebhookFixtures() {}

    public static byte[] body(String source, String event) {
        return read("webhooks/" + source + "/" + event + ".json").orElseThrow(() -> new IllegalArgumentException(
                "no fixture webhooks/" + source + "/" + event + ".json"));
    }

    public static Map<String, String> headers(String source, String event) {
        Map<String, String> headers = new LinkedHashMap<>();
        read("webhooks/" + source + "/" + event + ".headers").ifPresent(bytes -> new String(bytes,
                StandardCharsets.UTF_8).lines().filter(line -> line.contains(":")).forEach(line -> headers.put(
                line.substring(0, line.indexOf(':')).strip(), line.substring(line.indexOf(':') + 1).strip())));
        return headers;
    }

    /** The fixture as the source's parser sees it, received at {@code receivedAt}, with no path secret. */
    public static WebhookRequest request(String source, String event, Instant receivedAt) {
        return new WebhookRequest(body(source, event), headers(source, event), Optional.empty(), receivedAt);
    }

    /** Every event fixture of {@code source}, by name without {@code .json}, sorted. */
    public static List<String> events(String source) {
        URL dir = WebhookFixtures.class.getClassLoader().getResource("webhooks/" + source);
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = WebhookFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
