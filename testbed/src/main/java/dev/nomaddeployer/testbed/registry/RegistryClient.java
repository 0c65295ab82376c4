package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of the registry HTTP API (distribution spec) a test needs to produce notifications:
 * blob uploads, cross-repository mounts, manifests by tag or digest, deletes. One method per call, no
 * retries: a test wants to see the registry's answer, not hide it.
 */
public final class RegistryClient {
    /** What a client that understands every manifest kind sends, so the registry never converts. */
    public static final String ACCEPT_ANY_MANIFEST = String.join(", ",
            ManifestFormat.OCI.manifestMediaType(),
            ManifestFormat.OCI_INDEX,
            ManifestFormat.DOCKER_SCHEMA2.manifestMediaType(),
            ManifestFormat.DOCKER_MANIFEST_LIST);
    private static final String USER_AGENT = "nomad-deployer-testbed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUri;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Optional<String> authorization;

    /** {@code baseUri} like {@code http://127.0.0.1:5000}; see {@link RegistryHarness#baseUri()}. */
    public RegistryClient(URI baseUri) {
        this(baseUri, Duration.ofSeconds(10));
    }

    public RegistryClient(URI baseUri, Duration requestTimeout) {
        this(baseUri, requestTimeout, Optional.empty());
    }

    /** {@code authorization}: the header sent with every request, e.g. {@code Basic …} for a registry behind htpasswd. */
    public RegistryClient(URI baseUri, Duration requestTimeout, Optional<String> authorization) {
        this.authorization = authorization;
        this.baseUri = URI.create(baseUri.toString().replaceAll("/+$", ""));
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI baseUri() {
        return baseUri;
    }

    /** A manifest as the registry stores it: its bytes are what the digest is computed over. */
    public record Manifest(String mediaType, byte[] content, String digest) {
    }

    /**
     * Uploads a blob the way the spec calls "monolithic": open an upload session with POST, then one PUT
     * carrying all the bytes and the digest that closes it. Returns the digest.
     */
    public String uploadBlob(String repository, byte[] content) {
        URI session = openUpload(repository);
        String digest = Blob.sha256(content);
        send("PUT", withQuery(session, "digest=" + encode(digest)), HttpRequest.BodyPublishers.ofByteArray(content),
                "application/octet-stream", null, Set.of(201));
        return digest;
    }

    /**
     * Uploads a blob in chunks: POST to open the session, one PATCH per chunk, then an empty PUT with the
     * digest. (Distribution 2.8 has no single-POST upload: a POST with {@code ?digest=} only opens a session.)
     */
    public String uploadBlobInChunks(String repository, byte[] content, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        URI session = openUpload(repository);
        for (int offset = 0; offset < content.length; offset += chunkSize) {
            int end = Math.min(content.length, offset + chunkSize);
            HttpRequest.BodyPublisher chunk = HttpRequest.BodyPublishers.ofByteArray(content, offset, end - offset);
            HttpResponse<String> answer = send("PATCH", session, chunk, "application/octet-stream", null, Set.of(202),
                    "Content-Range", offset + "-" + (end - 1));
            session = location(answer, session);
        }
        String digest = Blob.sha256(content);
        send("PUT", withQuery(session, "digest=" + encode(digest)), HttpRequest.BodyPublishers.noBody(),
                null, null, Set.of(201));
        return digest;
    }

    private URI openUpload(String repository) {
        URI uploads = uri("/v2/" + repository + "/blobs/uploads/");
        return location(send("POST", uploads, HttpRequest.BodyPublishers.noBody(), null, null, Set.of(202)), uploads);
    }

    private URI location(HttpResponse<String> answer, URI requested) {
        String location = answer.headers().firstValue("Location").orElseThrow(() -> new RegistryRequestException(
                answer.request().method(), requested.toString(), answer.statusCode(), "no Location header in the answer"));
        return baseUri.resolve(location);
    }

    private static URI withQuery(URI uri, String parameter) {
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + parameter);
    }

    /**
     * Asks the registry to link a blob from another repository; true when it did (201), false when it
     * opened an ordinary upload instead (202, e.g. the blob is not in {@code fromRepository}).
     */
    public boolean mountBlob(String repository, String digest, String fromRepository) {
        HttpResponse<String> answer = send("POST", uri("/v2/" + repository + "/blobs/uploads/?mount=" + encode(digest)
                + "&from=" + encode(fromRepository)), HttpRequest.BodyPublishers.noBody(), null, null, Set.of(201, 202));
        return answer.statusCode() == 201;
    }

    public boolean blobExists(String repository, String digest) {
        return send("HEAD", uri("/v2/" + repository + "/blobs/" + digest),
                HttpRequest.BodyPublishers.noBody(), null, null, Set.of(200, 404)).statusCode() == 200;
    }

    /** PUTs a manifest under a tag or its digest; returns the digest the registry reports. */
    public String putManifest(String repository, String reference, String mediaType, byte[] content) {
        HttpResponse<String> answer = send("PUT", uri("/v2/" + repository + "/manifests/" + reference),
                HttpRequest.BodyPublishers.ofByteArray(content), mediaType, null, Set.of(201));
        return answer.headers().firstValue("Docker-Content-Digest").orElse(Blob.sha256(content));
    }

    public Manifest getManifest(String repository, String reference) {
        URI uri = uri("/v2/" + repository + "/manifests/" + reference);
        HttpResponse<byte[]> answer = sendForBytes(uri);
        byte[] body = answer.body();
        String mediaType = answer.headers().firstValue("Content-Type").orElse("");
        return new Manifest(mediaType, body, answer.headers().firstValue("Docker-Content-Digest").orElse(Blob.sha256(body)));
    }

    /** The digest a tag points at now, or empty when the tag (or repository) does not exist. */
    public Optional<String> resolve(String repository, String reference) {
        HttpResponse<String> answer = send("HEAD", uri("/v2/" + repository + "/manifests/" + reference),
                HttpRequest.BodyPublishers.noBody(), null, ACCEPT_ANY_MANIFEST, Set.of(200, 404));
        return answer.statusCode() == 404 ? Optional.empty() : answer.headers().firstValue("Docker-Content-Digest");
    }

    /** Deletes a manifest by digest (the registry must run with storage.delete.enabled). */
    public void deleteManifest(String repository, String digest) {
        send("DELETE", uri("/v2/" + repository + "/manifests/" + digest),
                HttpRequest.BodyPublishers.noBody(), null, null, Set.of(202));
    }

    /** The repository's tags, empty when the repository is unknown. */
    public List<String> tags(String repository) {
        HttpResponse<String> answer = send("GET", uri("/v2/" + repository + "/tags/list"),
                HttpRequest.BodyPublishers.noBody(), null, null, Set.of(200, 404));
        List<String> tags = new ArrayList<>();
        if (answer.statusCode() == 200) {
            try {
                JsonNode names = JSON.readTree(answer.body()).path("tags");
                names.forEach(name -> tags.add(name.asText()));
            } catch (IOException e) {
                throw new RegistryRequestException("GET", answer.uri().toString(), answer.statusCode(), answer.body());
            }
        }
        return tags;
    }

    private URI uri(String pathAndQuery) {
        return URI.create(baseUri + pathAndQuery);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("User-Agent", USER_AGENT);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private HttpResponse<String> send(String method, URI uri, HttpRequest.BodyPublisher body, String contentType,
            String accept, Set<Integer> expected, String... extraHeaders) {
        HttpRequest.Builder builder = request(uri).method(method, body);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            builder.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (accept != null) {
            builder.header("Accept", accept);
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryRequestException(method, uri.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryRequestException(method, uri.toString(), e);
        }
        if (!expected.contains(answer.statusCode())) {
            throw new RegistryRequestException(method, uri.toString(), answer.statusCode(), answer.body());
        }
        return answer;
    }

    private HttpResponse<byte[]> sendForBytes(URI uri) {
        HttpRequest request = request(uri).GET().header("Accept", ACCEPT_ANY_MANIFEST).build();
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RegistryRequestException("GET", uri.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryRequestException("GET", uri.toString(), e);
        }
        if (answer.statusCode() != 200) {
            throw new RegistryRequestException("GET", uri.toString(), answer.statusCode(),
                    new String(answer.body(), StandardCharsets.UTF_8));
        }
        return answer;
    }
}
