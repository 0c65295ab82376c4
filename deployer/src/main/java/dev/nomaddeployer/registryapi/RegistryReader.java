package dev.nomaddeployer.registryapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.image.ReferenceGrammar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one registry's API: which manifest a tag points at (a HEAD, so no manifest body is fetched and, on registries
 * that count pulls, no pull is counted) and which tags a repository has (every page of {@code tags/list}).
 * Anonymous, basic, or through the registry's token service: a 401 with a Bearer challenge is answered by fetching a
 * token from its realm (with the basic credentials when configured) and asking again; the token is kept for its
 * scope until {@code expires_in} runs out.
 *
 * <p>Every request, to the registry or its token service, first draws a permit from the entry's {@code rate_limit}
 * ({@link RequestBudget}) and is not sent while the registry's back-off after a 429 lasts ({@link RegistryBackoff});
 * both refuse at once with {@link RegistryFailure.RateLimited} rather than block a caller beyond {@code timeout}.
 */
public final class RegistryReader {
    /** Every manifest kind a tag may point at, so the registry answers with the digest it stores, never a converted one. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    /** Tags asked for per page; a registry may send fewer (and say so with its next link) or ignore it. */
    static final int PAGE_SIZE = 100;
    /** A repository with more pages than this is refused rather than read forever (a registry whose links loop). */
    static final int MAX_PAGES = 100;
    /** What the token spec says a token lasts when its answer does not say. */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);
    /** A token is renewed this long before it runs out, so it does not expire between our check and the registry's. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryEndpoint endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final RegistryObserver observer;
    private final RequestBudget budget;
    private final RegistryBackoff backoff = new RegistryBackoff();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAt) {}

    /** A request's end: the registry's answer, or why there is none. */
    private sealed interface Exchange<T> {}

    private record Answered<T>(HttpResponse<T> response) implements Exchange<T> {}

    private record Failed<T>(RegistryFailure failure) implements Exchange<T> {}

    /** A token service's answer: a token, or why there is none. */
    private sealed interface TokenFetch {}

    private record Issued(String token) implements TokenFetch {}

    private record Refused(RegistryFailure failure) implements TokenFetch {}

    public RegistryReader(RegistryEndpoint endpoint, Duration timeout, Clock clock) {
        this(endpoint, timeout, clock, RegistryObserver.NONE);
    }

    public RegistryReader(RegistryEndpoint endpoint, Duration timeout, Clock clock, RegistryObserver observer) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.clock = clock;
        this.observer = observer;
        this.budget = new RequestBudget(endpoint.rate(), clock.instant());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /**
     * When the back-off of this registry ends: after a 429 (nothing is sent until then) or after it did not serve
     * (5xx, no answer; calls are still sent, but a periodic reader should skip it until then). Empty when none lasts.
     */
    public Optional<Instant> backingOffUntil() {
        return backoff.until(clock.instant());
    }

    /** {@code HEAD /v2/<repository>/manifests/<tag>}. */
    public TagLookup lookup(String repository, String tag) throws InterruptedException {
        if (!ReferenceGrammar.isValidRepository(repository) || !ReferenceGrammar.isValidTag(tag)) {
            throw new IllegalArgumentException("not a repository and tag: " + repository + ":" + tag);
        }
        Exchange<Void> exchange = read(URI.create(base() + "/v2/" + repository + "/manifests/" + tag), "HEAD",
                scope(repository), HttpResponse.BodyHandlers.discarding());
        if (exchange instanceof Failed<Void> failed) {
            return failed.failure();
        }
        HttpResponse<Void> answer = ((Answered<Void>) exchange).response();
        int status = answer.statusCode();
        if (status == 200) {
            Optional<String> digest = answer.headers().firstValue("Docker-Content-Digest").map(String::strip);
            if (digest.isEmpty() || !ReferenceGrammar.isValidDigest(digest.get())) {
                return new RegistryFailure.BadAnswer("the registry answered 200 without a valid Docker-Content-Digest");
            }
            return new TagLookup.Points(digest.get());
        }
        if (status == 404) {
            return new TagLookup.UnknownTag();
        }
        return failure("the registry", status, answer.headers());
    }

    /**
     * Every tag of {@code repository}: {@code GET /v2/<repository>/tags/list?n=100}, then each {@code rel="next"}
     * page its {@code Link} header names, until one names none. At most {@link #MAX_PAGES} pages; a next link to
     * another host is refused (the credentials would follow it).
     */
    public TagListing listTags(String repository) throws InterruptedException {
        if (!ReferenceGrammar.isValidRepository(repository)) {
            throw new IllegalArgumentException("not a repository: " + repository);
        }
        URI page = URI.create(base() + "/v2/" + repository + "/tags/list?n=" + PAGE_SIZE);
        Set<String> tags = new LinkedHashSet<>();
        for (int read = 0; read < MAX_PAGES; read++) {
            Exchange<String> exchange = read(page, "GET", scope(repository),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (exchange instanceof Failed<String> failed) {
                return failed.failure();
            }
            HttpResponse<String> answer = ((Answered<String>) exchange).response();
            int status = answer.statusCode();
            if (status == 404) {
                return new TagListing.UnknownRepository();
            }
            if (status != 200) {
                return failure("the registry", status, answer.headers());
            }
            JsonNode names;
            try {
                names = JSON.readTree(answer.body()).path("tags");
            } catch (IOException e) {
                return new RegistryFailure.BadAnswer("the registry answered a tag list that is not JSON");
            }
            // an empty repository's list is null in distribution, absent in others
            if (!(names.isArray() || names.isNull() || names.isMissingNode())) {
                return new RegistryFailure.BadAnswer("the registry answered a tag list whose tags are no list");
            }
            for (JsonNode name : names) {
                if (!name.isTextual() || !ReferenceGrammar.isValidTag(name.textValue())) {
                    return new RegistryFailure.BadAnswer("the registry listed " + name + ", which is not a tag");
                }
                tags.add(name.textValue());
            }
            Optional<URI> next;
            try {
                next = NextPage.of(answer.headers().allValues("Link"), page);
            } catch (IllegalArgumentException e) {
                return new RegistryFailure.BadAnswer("the registry's next-page link is not a URI");
            }
            if (next.isEmpty()) {
                return new TagListing.Listed(tags.stream().toList());
            }
            if (!sameOrigin(next.get())) {
                return new RegistryFailure.BadAnswer("the registry's next-page link leads to another host ("
                        + next.get().getHost() + "); not followed");
            }
            if (next.get().equals(page)) {
                return new RegistryFailure.BadAnswer("the registry's next-page link names the page it is on");
            }
            page = next.get();
        }
        return new RegistryFailure.BadAnswer("the tags of " + repository + " fill more than " + MAX_PAGES
                + " pages (" + tags.size() + " tags so far); not read further");
    }

    /** A request with the credentials this registry takes, answering a Bearer challenge once. */
    private <T> Exchange<T> read(URI uri, String method, String scope, HttpResponse.BodyHandler<T> body)
            throws InterruptedException {
        Token cached = tokens.get(scope);
        Optional<String> authorization = cached != null && clock.instant().isBefore(cached.renewAt())
                ? Optional.of("Bearer " + cached.value()) : basic();
        Exchange<T> exchange = send(registryRequest(uri, method, authorization), body, "the registry");
        if (!(exchange instanceof Answered<T> answered) || answered.response().statusCode() != 401) {
            return exchange;
        }
        Optional<BearerChallenge> challenge = challenge(answered.response().headers());
        if (challenge.isEmpty()) {
            return exchange;
        }
        TokenFetch token = fetchToken(challenge.get(), scope);
        if (token instanceof Refused refused) {
            return new Failed<>(refused.failure());
        }
        return send(registryRequest(uri, method, Optional.of("Bearer " + ((Issued) token).token())), body,
                "the registry");
    }

    /** A token for {@code scope} from the challenge's realm, kept until it runs out. */
    private TokenFetch fetchToken(BearerChallenge challenge, String scope) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(challenge.tokenRequest(scope)).timeout(timeout).GET()
                .header("Accept", "application/json");
        basic().ifPresent(value -> request.header("Authorization", value));
        String service = "the token service " + challenge.realm().getHost();
        Exchange<String> exchange = send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                service);
        if (exchange instanceof Failed<String> failed) {
            return new Refused(failed.failure());
        }
        HttpResponse<String> answer = ((Answered<String>) exchange).response();
        int status = answer.statusCode();
        if (status != 200) {
            return new Refused(failure(service, status, answer.headers()));
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            body = null;
        }
        String token = body == null ? null : text(body, "token").orElse(text(body, "access_token").orElse(null));
        if (token == null) {
            return new Refused(new RegistryFailure.BadAnswer(service + " answered 200 without a token"));
        }
        Duration lifetime = body.path("expires_in").canConvertToLong() && body.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(body.path("expires_in").asLong()) : DEFAULT_TOKEN_LIFETIME;
        tokens.put(scope, new Token(token, clock.instant().plus(lifetime).minus(TOKEN_MARGIN)));
        return new Issued(token);
    }

    /**
     * Sends one request unless the back-off after a 429 lasts or {@code rate_limit} has no permit within
     * {@code timeout}; a permit due later is waited for. Records the answer's class for the back-off and the observer.
     */
    private <T> Exchange<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String who)
            throws InterruptedException {
        Instant now = clock.instant();
        Optional<Duration> refusing = backoff.refusing(now);
        if (refusing.isPresent()) {
            return backingOff(refusing.get());
        }
        Optional<Duration> wait = budget.take(now, timeout);
        if (wait.isEmpty()) {
            observer.requestEnded(endpoint.hostPort(), RegistryAnswer.REFUSED_LOCALLY);
            return new Failed<>(new RegistryFailure.RateLimited(Optional.of(budget.untilFree(now)), "not sent:"
                    + " rate_limit " + endpoint.rate() + " has no request to spare within registry.timeout ("
                    + seconds(timeout) + ")"));
        }
        if (!wait.get().isZero()) {
            Thread.sleep(wait.get().toMillis(), wait.get().toNanosPart() % 1_000_000);
            // another caller may have met a 429 meanwhile; the permit is spent either way
            Optional<Duration> since = backoff.refusing(clock.instant());
            if (since.isPresent()) {
                return backingOff(since.get());
            }
        }
        HttpResponse<T> answer;
        try {
            answer = http.send(request, body);
        } catch (HttpTimeoutException e) {
            return unreachable("no answer from " + who + " (" + request.uri().getHost() + ") within " + seconds(timeout));
        } catch (IOException e) {
            return unreachable("cannot reach " + who + " (" + request.uri().getHost() + ", "
                    + e.getClass().getSimpleName() + ")");
        }
        int status = answer.statusCode();
        RegistryAnswer kind = status == 401 && challenge(answer.headers()).isPresent() ? RegistryAnswer.CHALLENGED
                : RegistryAnswer.of(status);
        if (kind == RegistryAnswer.RATE_LIMITED) {
            backoff.tooManyRequests(clock.instant(), retryAfter(answer.headers()));
        } else if (kind == RegistryAnswer.SERVER_ERROR) {
            backoff.notServing(clock.instant());
        } else {
            backoff.answered();
        }
        observer.requestEnded(endpoint.hostPort(), kind);
        return new Answered<>(answer);
    }

    private <T> Exchange<T> backingOff(Duration left) {
        observer.requestEnded(endpoint.hostPort(), RegistryAnswer.REFUSED_LOCALLY);
        return new Failed<>(new RegistryFailure.RateLimited(Optional.of(left), "not sent: backing off for "
                + seconds(left) + " more after a 429"));
    }

    private <T> Exchange<T> unreachable(String detail) {
        backoff.notServing(clock.instant());
        observer.requestEnded(endpoint.hostPort(), RegistryAnswer.UNREACHABLE);
        return new Failed<>(new RegistryFailure.Unreachable(detail));
    }

    /** What an answer that is neither the one asked for nor "not found" means; {@code who} answered it. */
    private RegistryFailure failure(String who, int status, HttpHeaders headers) {
        if (status == 401 || status == 403) {
            return new RegistryFailure.Unauthorized(endpoint.hasCredentials(), who + " answered " + status
                    + (endpoint.hasCredentials() ? " to the configured credentials" : " without credentials"));
        }
        if (status == 429) {
            Optional<Duration> after = retryAfter(headers);
            return new RegistryFailure.RateLimited(after, who + " asked to slow down (429"
                    + after.map(a -> ", retry after " + seconds(a)).orElse("") + ")");
        }
        if (status >= 500) {
            return new RegistryFailure.Unreachable(who + " answered " + status);
        }
        return new RegistryFailure.BadAnswer(who + " answered " + status);
    }

    private HttpRequest registryRequest(URI uri, String method, Optional<String> authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        if (method.equals("HEAD")) {
            request.method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        } else {
            request.GET().header("Accept", "application/json");
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request.build();
    }

    private boolean sameOrigin(URI next) {
        URI url = endpoint.url();
        return url.getScheme().equalsIgnoreCase(String.valueOf(next.getScheme()))
                && url.getHost().equalsIgnoreCase(String.valueOf(next.getHost())) && port(next) == port(url);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static Optional<BearerChallenge> challenge(HttpHeaders headers) {
        return headers.firstValue("WWW-Authenticate").flatMap(BearerChallenge::parse);
    }

    private static String scope(String repository) {
        return "repository:" + repository + ":pull";
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
    private static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.strip());
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000) + "s";
    }

    @Override
    public String toString() {
        return "RegistryReader[" + endpoint + "]";
    }
}
