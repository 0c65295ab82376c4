package dev.nomaddeployer.registryapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.image.ReferenceGrammar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one registry's API: which manifest a tag points at, with a HEAD, so no manifest body is fetched and (on
 * registries that count pulls) no pull is counted. Anonymous, basic, or through the registry's token service: a
 * 401 with a Bearer challenge is answered by fetching a token from its realm (with the basic credentials when
 * configured) and asking again; the token is kept for its scope until {@code expires_in} runs out.
 */
public final class RegistryReader {
    /** Every manifest kind a tag may point at, so the registry answers with the digest it stores, never a converted one. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    /** What the token spec says a token lasts when its answer does not say. */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** A token is renewed this long before it runs out, so it does not expire between our check and the registry's. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryEndpoint endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAt) {}

    public RegistryReader(RegistryEndpoint endpoint, Duration timeout, Clock clock) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /** {@code HEAD /v2/<repository>/manifests/<tag>}. */
    public TagLookup lookup(String repository, String tag) throws InterruptedException {
        if (!ReferenceGrammar.isValidRepository(repository) || !ReferenceGrammar.isValidTag(tag)) {
            throw new IllegalArgumentException("not a repository and tag: " + repository + ":" + tag);
        }
        URI manifest = URI.create(base() + "/v2/" + repository + "/manifests/" + tag);
        String scope = "repository:" + repository + ":pull";
        Token cached = tokens.get(scope);
        Optional<String> authorization = cached != null && clock.instant().isBefore(cached.renewAt())
                ? Optional.of("Bearer " + cached.value()) : basic();
        HttpResponse<Void> answer;
        try {
            answer = head(manifest, authorization);
            if (answer.statusCode() == 401) {
                Optional<BearerChallenge> challenge = answer.headers().firstValue("WWW-Authenticate")
                        .flatMap(BearerChallenge::parse);
                if (challenge.isEmpty()) {
                    return new TagLookup.Unauthorized(endpoint.hasCredentials(), "the registry answered 401"
                            + (endpoint.hasCredentials() ? " to the configured credentials" : " without credentials"));
                }
                TokenOrRefusal token = fetchToken(challenge.get(), scope);
                if (token.refusal != null) {
                    return token.refusal;
                }
                answer = head(manifest, Optional.of("Bearer " + token.token));
            }
        } catch (HttpTimeoutException e) {
            return new TagLookup.Unreachable("no answer from " + endpoint.hostPort() + " within " + timeout);
        } catch (IOException e) {
            return new TagLookup.Unreachable("cannot reach " + endpoint.hostPort() + " (" + e.getClass().getSimpleName()
                    + ")");
        }
        return reading(answer);
    }

    private TagLookup reading(HttpResponse<Void> answer) {
        int status = answer.statusCode();
        if (status == 200) {
            Optional<String> digest = answer.headers().firstValue("Docker-Content-Digest").map(String::strip);
            if (digest.isEmpty() || !ReferenceGrammar.isValidDigest(digest.get())) {
                return new TagLookup.BadAnswer("the registry answered 200 without a valid Docker-Content-Digest");
            }
            return new TagLookup.Points(digest.get());
        }
        if (status == 404) {
            return new TagLookup.UnknownTag();
        }
        if (status == 401 || status == 403) {
            return new TagLookup.Unauthorized(endpoint.hasCredentials(), "the registry answered " + status
                    + (endpoint.hasCredentials() ? " to the configured credentials" : " without credentials"));
        }
        if (status == 429) {
            return new TagLookup.RateLimited(answer.headers().firstValue("Retry-After").flatMap(RegistryReader::seconds));
        }
        if (status >= 500) {
            return new TagLookup.Unreachable("the registry answered " + status);
        }
        return new TagLookup.BadAnswer("the registry answered " + status);
    }

    private record TokenOrRefusal(String token, TagLookup refusal) {}

    private TokenOrRefusal fetchToken(BearerChallenge challenge, String scope) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(challenge.tokenRequest(scope)).timeout(timeout).GET()
                .header("Accept", "application/json");
        basic().ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = answer.statusCode();
        if (status == 401 || status == 403) {
            return new TokenOrRefusal(null, new TagLookup.Unauthorized(endpoint.hasCredentials(), "the token service "
                    + challenge.realm().getHost() + " answered " + status
                    + (endpoint.hasCredentials() ? " to the configured credentials" : " without credentials")));
        }
        if (status == 429) {
            return new TokenOrRefusal(null, new TagLookup.RateLimited(answer.headers().firstValue("Retry-After")
                    .flatMap(RegistryReader::seconds)));
        }
        if (status >= 500) {
            return new TokenOrRefusal(null, new TagLookup.Unreachable("the token service answered " + status));
        }
        JsonNode body;
        try {
            body = status == 200 ? JSON.readTree(answer.body()) : null;
        } catch (IOException e) {
            body = null;
        }
        String token = body == null ? null : text(body, "token").orElse(text(body, "access_token").orElse(null));
        if (token == null) {
            return new TokenOrRefusal(null, new TagLookup.BadAnswer("the token service answered " + status
                    + (status == 200 ? " without a token" : "")));
        }
        Duration lifetime = body.path("expires_in").canConvertToLong() && body.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(body.path("expires_in").asLong()) : DEFAULT_TOKEN_LIFETIME;
        Instant issued = clock.instant();
        tokens.put(scope, new Token(token, issued.plus(lifetime).minus(TOKEN_MARGIN)));
        return new TokenOrRefusal(token, null);
    }

    private HttpResponse<Void> head(URI uri, Optional<String> authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private Optional<String> basic() {
        if (!endpoint.hasCredentials()) {
            return Optional.empty();
        }
        String pair = endpoint.username().get() + ":" + endpoint.password().get();
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private String base() {
        String text = endpoint.url().toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? Optional.of(value.textValue())
                : Optional.empty();
    }

    /** {@code Retry-After} in seconds; the HTTP-date form is rare from registries and read as unknown. */
    private static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
