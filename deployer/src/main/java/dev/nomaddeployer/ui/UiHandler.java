package dev.nomaddeployer.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.HistoryQuery;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.http.BodyReader;
import dev.nomaddeployer.http.HistoryListing;
import dev.nomaddeployer.http.JobActions;
import dev.nomaddeployer.http.OperatorToken;
import dev.nomaddeployer.http.Replies;
import dev.nomaddeployer.nomad.JobKey;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Everything under {@code /ui/}: the pages, their two assets, the JSON they read, the live events and the
 * operator's actions (docs/web-ui.md). The listener puts the network allow-list and the security headers in front;
 * reading needs nothing more, an action needs the operator's bearer token ({@code ui.auth.token}).
 */
public final class UiHandler extends Handler.Abstract implements AutoCloseable {
    static final String PREFIX = "/ui/";
    private static final String API = PREFIX + "api/";
    private static final String ASSETS = PREFIX + "assets/";
    /** Who an action is recorded as done by when the page names no operator. */
    private static final String DEFAULT_OPERATOR = "operator";
    private static final Pattern OPERATOR = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,64}");
    private static final int HISTORY_PER_PAGE = 50;

    private final UiSources sources;
    private final OperatorToken operator;
    private final long maxBodyBytes;
    private final Duration readTimeout;
    private final Pages pages = Pages.load();
    private final Assets assets = Assets.load();
    private final HistoryListing listing;
    private final OverviewView overview;
    private final JobsView jobs;
    private final JobView job;
    private final LiveFeed live;

    /**
     * @param maxBodyBytes largest body an action accepts ({@code server.max_body_bytes})
     * @param readTimeout  time an action's body may take to arrive ({@code server.timeout.read})
     */
    public UiHandler(UiSources sources, OperatorToken operator, long maxBodyBytes, Duration readTimeout) {
        this(sources, operator, maxBodyBytes, readTimeout,
                new LiveFeed.Options(32, Duration.ofSeconds(1), Duration.ofSeconds(15)));
    }

    UiHandler(UiSources sources, OperatorToken operator, long maxBodyBytes, Duration readTimeout,
              LiveFeed.Options live) {
        this.sources = sources;
        this.operator = operator;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeout = readTimeout;
        this.listing = new HistoryListing(sources.history(), sources.rollouts());
        this.overview = new OverviewView(sources, listing);
        this.jobs = new JobsView(sources);
        this.job = new JobView(sources, listing);
        this.live = new LiveFeed(sources.history(), sources.rollouts(), sources.clock(), live);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        try {
            if (path.startsWith(API)) {
                return api(path.substring(API.length()), request, response, callback);
            }
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                return Replies.text(response, callback, 405, "only GET is accepted at " + path);
            }
            if (path.startsWith(ASSETS)) {
                return asset(path.substring(ASSETS.length()), request, response, callback);
            }
            return page(path.substring(PREFIX.length()), response, callback);
        } catch (StoreException e) {
            return Replies.text(response, callback, 503, "the store cannot be used: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Replies.text(response, callback, 400, e.getMessage());
        }
    }

    private boolean page(String rest, Response response, Callback callback) {
        String html;
        if (rest.isEmpty()) {
            html = pages.render(Pages.Page.OVERVIEW, null);
        } else if (rest.equals("jobs")) {
            html = pages.render(Pages.Page.JOBS, null);
        } else if (rest.equals("history")) {
            html = pages.render(Pages.Page.HISTORY, null);
        } else if (rest.startsWith("jobs/")) {
            JobKey key = jobKey(rest.substring("jobs/".length()).split("/", -1), 0);
            if (key == null) {
                return Replies.text(response, callback, 404, "expected /ui/jobs/NAMESPACE/JOB");
            }
            html = pages.render(Pages.Page.JOB, key);
        } else {
            return Replies.text(response, callback, 404, "no page at /ui/" + rest);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /**
     * The assets' names carry no version, so a browser keeps them but asks again each time (no-cache): the answer
     * is a 304 without a body while the jar is the same, and the new file after an upgrade.
     */
    private boolean asset(String name, Request request, Response response, Callback callback) {
        Assets.Asset asset = assets.get(name);
        if (asset == null) {
            return Replies.text(response, callback, 404, "no asset " + name);
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        if (asset.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            return Replies.empty(response, callback, 304);
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
        return true;
    }

    private boolean api(String rest, Request request, Response response, Callback callback) {
        boolean get = "GET".equals(request.getMethod());
        if (rest.startsWith("jobs/") && "POST".equals(request.getMethod())) {
            return action(rest.substring("jobs/".length()).split("/", -1), request, response, callback);
        }
        if (!get) {
            return Replies.text(response, callback, 405, "only GET is accepted at " + API + rest);
        }
        Fields query = Request.extractQueryParameters(request);
        switch (rest) {
            case "overview":
                return Replies.json(response, callback, 200, overview.render());
            case "jobs":
                return Replies.json(response, callback, 200, jobs.render(query.getValue("q"),
                        number(query, "page", 1), number(query, "per_page", JobsView.DEFAULT_PER_PAGE)));
            case "history": {
                HistoryQuery filter = HistoryListing.query(query, HISTORY_PER_PAGE);
                return Replies.json(response, callback, 200, Json.object().put("page", filter.page())
                        .put("per_page", filter.perPage()).set("deployments", listing.decisions(filter)));
            }
            case "events":
                return live.subscribe(request, response, callback);
            default:
                break;
        }
        if (rest.startsWith("jobs/")) {
            JobKey key = jobKey(rest.substring("jobs/".length()).split("/", -1), 0);
            if (key == null) {
                return Replies.text(response, callback, 404, "expected " + API + "jobs/NAMESPACE/JOB");
            }
            return job.render(key).map(body -> Replies.json(response, callback, 200, body))
                    .orElseGet(() -> Replies.text(response, callback, 404, "no job " + Json.name(key)
                            + " is watched or in the history"));
        }
        return Replies.text(response, callback, 404, "no data at " + API + rest);
    }

    /** {@code POST /ui/api/jobs/NAMESPACE/JOB/pause|resume|retry}, with the operator's token. */
    private boolean action(String[] parts, Request request, Response response, Callback callback) {
        String name = parts[parts.length - 1];
        JobKey key = parts.length < 3 ? null : jobKey(Arrays.copyOf(parts, parts.length - 1), 0);
        if (key == null || !JobActions.NAMES.contains(name)) {
            return Replies.text(response, callback, 404, "expected " + API + "jobs/NAMESPACE/JOB/pause, /resume"
                    + " or /retry");
        }
        if (!operator.configured()) {
            return Replies.textAndClose(response, callback, 404, "actions are off: set ui.auth.token");
        }
        if (!operator.grants(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"nomad-deployer ui\"");
            return Replies.textAndClose(response, callback, 401, "missing or wrong operator token");
        }
        String who = request.getHeaders().get("X-Operator");
        who = who == null || who.isBlank() ? DEFAULT_OPERATOR : who.strip();
        if (!OPERATOR.matcher(who).matches()) {
            return Replies.textAndClose(response, callback, 400, "X-Operator must be 1 to 64 letters, digits or . _ @"
                    + " + -");
        }
        String by = "ui:" + who + " (" + Request.getRemoteAddr(request) + ")";
        BodyReader.read(request, maxBodyBytes, readTimeout, body -> {
            try {
                if (!(body instanceof BodyReader.Complete complete)) {
                    Replies.textAndClose(response, callback, 400, "the body could not be read");
                    return;
                }
                Optional<String> reason = reason(complete.bytes());
                if (reason == null) {
                    Replies.text(response, callback, 400, "the body must be empty or a JSON object such as"
                            + " {\"reason\": \"...\"}");
                    return;
                }
                sources.actions().apply(name, key, reason.orElse(null), by, response, callback);
            } catch (StoreException e) {
                Replies.text(response, callback, 503, "the store cannot be used: " + e.getMessage());
            } catch (RuntimeException e) {
                callback.failed(e);
            }
        });
        return true;
    }

    /** The pause's reason from an optional JSON body; null when the body is not one. */
    private static Optional<String> reason(byte[] body) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode json = Replies.JSON.readTree(body);
            if (json == null || !json.isObject()) {
                return null;
            }
            JsonNode reason = json.get("reason");
            return reason == null || reason.isNull() ? Optional.empty()
                    : reason.isTextual() ? Optional.of(reason.asText()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The job named by {@code parts[from]} (namespace) and the rest (the ID, which may hold a slash); null if none. */
    private static JobKey jobKey(String[] parts, int from) {
        if (parts.length - from < 2) {
            return null;
        }
        String namespace = decode(parts[from]);
        String id = decode(String.join("/", Arrays.copyOfRange(parts, from + 1, parts.length)));
        return namespace.isEmpty() || id.isEmpty() ? null : new JobKey(namespace, id);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int number(Fields query, String name, int fallback) {
        String value = query.getValue(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got \"" + value + "\"");
        }
    }

    /** Ends the live answers (the listener is stopping). */
    @Override
    public void close() {
        live.close();
    }
}
