package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distribution spec's pagination of {@code tags/list} ({@code n}, {@code last}, {@code Link: <…>; rel="next"}),
 * as registries that paginate speak it (distribution 2.8, the testbed's, answers every tag at once).
 */
@Timeout(30)
class TagPagesTest {
    private static final List<String> TAGS = IntStream.range(0, 250).mapToObj(i -> String.format("v%03d", i)).toList();

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    /** What a page's Link says, given the query it answered and the last tag on it. */
    private volatile Function<String, Optional<String>> nextLink;
    private volatile int pageSize = 0;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::tags);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyPageIsFollowedToTheLast() throws Exception {
        nextLink = last -> Optional.of("</v2/team/web/tags/list?n=100&last=" + last + ">; rel=\"next\"");

        assertThat(reader(RequestRate.DEFAULT).listTags("team/web")).isEqualTo(new TagListing.Listed(TAGS));
        assertThat(queries).containsExactly("n=100", "n=100&last=v099", "n=100&last=v199");
    }

    @Test
    void aRegistryThatSendsFewerThanAskedIsFollowedByItsLinks() throws Exception {
        pageSize = 30;
        nextLink = last -> Optional.of("<http://127.0.0.1:" + port() + "/v2/team/web/tags/list?n=30&last=" + last
                + ">; rel=\"next\"");

        assertThat(reader(RequestRate.DEFAULT).listTags("team/web")).isEqualTo(new TagListing.Listed(TAGS));
        assertThat(queries).hasSize(9);
    }

    @Test
    void aRegistryThatIgnoresTheSizeAskedIsReadInOnePage() throws Exception {
        pageSize = TAGS.size();
        nextLink = last -> Optional.empty();

        assertThat(reader(RequestRate.DEFAULT).listTags("team/web")).isEqualTo(new TagListing.Listed(TAGS));
        assertThat(queries).containsExactly("n=100");
    }

    @Test
    void linksThatNeverEndAreABadAnswerAfterAHundredPages() throws Exception {
        pageSize = 1;
        // every page links to one more, past the last tag: a registry whose links loop
        nextLink = last -> Optional.of("</v2/team/web/tags/list?n=1&last=x" + queries.size() + ">; rel=\"next\"");

        TagListing listing = reader(RequestRate.parse("1000/s")).listTags("team/web");

        assertThat(listing).isInstanceOfSatisfying(RegistryFailure.BadAnswer.class,
                bad -> assertThat(bad.detail()).contains("more than 100 pages"));
        assertThat(queries).hasSize(RegistryReader.MAX_PAGES);
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowed() throws Exception {
        nextLink = last -> Optional.of("<http://registry.invalid/v2/team/web/tags/list?last=" + last
                + ">; rel=\"next\"");

        assertThat(reader(RequestRate.DEFAULT).listTags("team/web")).isInstanceOfSatisfying(
                RegistryFailure.BadAnswer.class, bad -> assertThat(bad.detail()).contains("another host"));
        assertThat(queries).hasSize(1);
    }

    private RegistryReader reader(RequestRate rate) {
        return new RegistryReader(new RegistryEndpoint(URI.create("http://127.0.0.1:" + port()), Optional.empty(),
                Optional.empty(), rate), Duration.ofSeconds(5), Clock.systemUTC());
    }

    private int port() {
        return server.getAddress().getPort();
    }

    /** Pages of {@code n} tags (or {@link #pageSize} when set) after {@code last}, in order. */
    private void tags(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(query);
        int n = TAGS.size();
        String last = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("n=")) {
                n = Integer.parseInt(pair.substring(2));
            } else if (pair.startsWith("last=")) {
                last = pair.substring(5);
            }
        }
        int size = pageSize > 0 ? pageSize : n;
        int from = last == null ? 0 : Math.max(0, TAGS.indexOf(last) + 1);
        List<String> page = last != null && !TAGS.contains(last) ? List.of()
                : TAGS.subList(from, Math.min(TAGS.size(), from + size));
        boolean more = from + size < TAGS.size() || (last != null && !TAGS.contains(last));
        if (more) {
            nextLink.apply(page.isEmpty() ? last : page.get(page.size() - 1))
                    .ifPresent(link -> exchange.getResponseHeaders().add("Link", link));
        }
        byte[] body = ("{\"name\":\"team/web\",\"tags\":[" + page.stream().map(tag -> "\"" + tag + "\"")
                .collect(Collectors.joining(",")) + "]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
