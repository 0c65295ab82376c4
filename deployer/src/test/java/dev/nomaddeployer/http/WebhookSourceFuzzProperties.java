package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.webhook.SignedDelivery;
import dev.nomaddeployer.webhook.WebhookFixture;
import dev.nomaddeployer.webhook.WebhookRequest;
import dev.nomaddeployer.webhook.WebhookSource;
import dev.nomaddeployer.webhook.WebhookSources;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Every sender's fixtures, varied with hostility and delivered with a valid proof (so the parser, not the proof check,
 * meets them): the endpoint never answers 5xx, nothing escapes as an exception, and nothing with a name outside the
 * distribution grammar is ever stored. Requests have the HTTP client's timeout ({@link Listener#REQUEST_TIMEOUT}).
 */
class WebhookSourceFuzzProperties {
    // Written from the distribution grammar again, not taken from the code under test.
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final String SECRET = "fuzz-s3cret";
    private static final List<String> NASTY = List.of("", " ", "latest", "1.0.0", "-1", ".1", "a..b", "UPPER",
            "a b", "a\nb", "x".repeat(300), "sha256:" + "0".repeat(64), "ns/app", "../etc", "a:b", "\u00e9", "null",
            "https://evil.test/x", "h.test/team/app:1.0");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static Path dir;
    private static Listener listener;
    private static CapturedLog log;

    /** A fixture of one source and the seed of its variation. */
    record Case(WebhookSource source, String event, long seed) {
        @Override
        public String toString() {
            return source.name() + "/" + event + " #" + seed;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("source-fuzz");
        Map<String, String> secrets = WebhookSources.names().stream().collect(Collectors.toMap(name -> name,
                name -> SECRET));
        listener = Listener.start(dir, Listener.options(), null, Listener.webhooks(secrets));
        log = new CapturedLog();
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            log.close();
            Listener.closeAll(listener);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        List<Case> fixtures = new ArrayList<>();
        for (WebhookSource source : WebhookSources.all()) {
            WebhookFixture.events(source.name()).forEach(event -> fixtures.add(new Case(source, event, 0)));
        }
        return Combinators.combine(Arbitraries.of(fixtures), Arbitraries.longs())
                .as((fixture, seed) -> new Case(fixture.source(), fixture.event(), seed));
    }

    @Property(tries = 1500)
    void theEndpointNeverFailsNorStoresAnInvalidName(@ForAll("cases") Case delivery) throws Exception {
        WebhookFixture fixture = WebhookFixture.load(delivery.source().name(), delivery.event());
        byte[] body = mutate(fixture.body(), new Random(delivery.seed()));
        SignedDelivery signed = SignedDelivery.of(delivery.source(), body, fixture.headers(), SECRET);
        long before = listener.lastSeq();

        HttpResponse<String> answer = SourceDeliveries.post(listener, signed.path(), body, signed.headers());

        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 400);
        Statistics.label("answer").collect(answer.statusCode())
                .coverage(check -> {
                    check.check(200).percentage(p -> p > 20);
                    check.check(400).percentage(p -> p > 5);
                });
        List<Listener.StoredName> stored = listener.storedAfter(before);
        Statistics.label("store").collect(stored.isEmpty() ? "nothing new" : "stored")
                .coverage(check -> check.check("stored").percentage(p -> p > 3));
        assertThat(stored).allSatisfy(name -> {
            assertThat(name.tag()).matches(TAG);
            assertThat(name.repository()).matches(REPOSITORY).hasSizeLessThanOrEqualTo(255);
            assertThat(name.eventId()).isNotEmpty();
            assertThat(name.host()).isNotEmpty();
        });
        assertThat(log.events()).noneSatisfy(event -> assertThat(
                event.getLevel() == Level.ERROR || event.getThrowableProxy() != null
                        || event.getLoggerName().startsWith("org.eclipse.jetty") && event.getLevel() == Level.WARN)
                .isTrue());
        log.clear();
    }

    @Property(tries = 10000)
    void readingNeverThrowsNorYieldsAnInvalidName(@ForAll("cases") Case delivery) {
        String name = delivery.source().name();
        WebhookFixture fixture = WebhookFixture.load(name, delivery.event());

        NotificationBatch batch = delivery.source().read(fixture.request(mutate(fixture.body(),
                new Random(delivery.seed()))));

        if (batch instanceof NotificationBatch.Accepted accepted) {
            for (PushEvent push : accepted.pushes()) {
                assertThat(push.tag()).matches(TAG);
                assertThat(push.repository()).matches(REPOSITORY).hasSizeLessThanOrEqualTo(255);
                assertThat(push.eventId()).isNotEmpty();
                assertThat(push.registryHost()).isNotEmpty();
                assertThat(push.timestamp()).isNotNull();
                assertThat(push.source()).isEqualTo(name);
            }
        } else {
            assertThat(((NotificationBatch.Malformed) batch).reason()).isNotBlank();
        }
    }

    /** One to three changes to the fixture's JSON tree, or now and then to its bytes. */
    static byte[] mutate(byte[] fixture, Random random) {
        if (random.nextInt(10) == 0) {
            return mutateBytes(fixture, random);
        }
        JsonNode root;
        try {
            root = Notification.JSON.readTree(fixture);
        } catch (IOException e) {
            throw new IllegalStateException("fixtures are JSON", e);
        }
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode container = containers.get(random.nextInt(containers.size()));
            change(container, random);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void change(JsonNode container, Random random) {
        if (container instanceof ObjectNode object && object.size() > 0) {
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            String field = fields.get(random.nextInt(fields.size()));
            switch (random.nextInt(3)) {
                case 0 -> object.remove(field);
                case 1 -> object.set(field, randomValue(random));
                default -> object.put(field, NASTY.get(random.nextInt(NASTY.size())));
            }
        } else if (container instanceof ArrayNode array) {
            switch (random.nextInt(3)) {
                case 0 -> array.removeAll();
                case 1 -> array.add(randomValue(random));
                default -> {
                    if (!array.isEmpty()) {
                        array.add(array.get(random.nextInt(array.size())).deepCopy());
                    }
                }
            }
        }
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.arrayNode().add(NASTY.get(random.nextInt(NASTY.size())));
            case 4 -> NODES.objectNode().put("x", 1);
            case 5 -> NODES.numberNode(random.nextDouble() * 1e20);
            default -> NODES.textNode(NASTY.get(random.nextInt(NASTY.size())));
        };
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                collect(children.next(), containers);
            }
        }
    }

    private static byte[] mutateBytes(byte[] bytes, Random random) {
        byte[] copy = bytes.clone();
        if (random.nextBoolean() && copy.length > 1) {
            byte[] cut = new byte[random.nextInt(copy.length)];
            System.arraycopy(copy, 0, cut, 0, cut.length);
            return cut;
        }
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
