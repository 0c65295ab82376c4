package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registry.NotificationBatch;
import dev.nomaddeployer.registry.Notifications;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile variations of real notifications: the listener never answers 5xx, nothing escapes as an exception,
 * and nothing with a name outside the distribution grammar is ever stored. Every request has the HTTP client's
 * timeout ({@link Listener#REQUEST_TIMEOUT}); jqwik has no per-property timeout of its own.
 */
class NotificationFuzzProperties {
    // Written from the distribution grammar again, not taken from the code under test.
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");

    private static Path dir;
    private static Listener listener;
    private static CapturedLog log;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("webhook-fuzz");
        listener = Listener.start(dir, Listener.withAuth(Listener.open()));
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
    Arbitrary<byte[]> mutatedNotifications() {
        return Arbitraries.randomValue(NotificationMutations::mutate);
    }

    @Property(tries = 2000)
    void listenerNeverFailsNorStoresAnInvalidName(@ForAll("mutatedNotifications") byte[] body) throws Exception {
        // Past the limit the listener answers 413 at once and closes while the client still writes.
        Assume.that(body.length <= Listener.options().maxBodyBytes());
        long before = listener.lastSeq();

        HttpResponse<String> response = listener.notify(body);

        assertThat(response.statusCode()).as(response.body()).isIn(200, 400);
        List<Listener.StoredName> stored = listener.storedAfter(before);
        // Keeps the generator honest: a fuzz run that never reaches the store or the parser's errors proves little.
        Statistics.label("answer").collect(response.statusCode())
                .coverage(check -> {
                    check.check(200).percentage(p -> p > 20);
                    check.check(400).percentage(p -> p > 10);
                });
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

    @Property(tries = 20000)
    void parsingNeverThrowsNorAcceptsAnInvalidName(@ForAll("mutatedNotifications") byte[] body) {
        NotificationBatch batch = Notifications.parse(body);

        boolean invalidNameIgnored = batch instanceof NotificationBatch.Accepted accepted && accepted.ignored().stream()
                .anyMatch(reason -> reason.startsWith("invalid tag") || reason.startsWith("invalid repository"));
        // the generator must reach the grammar check often, or this property proves nothing about it
        Statistics.label("invalid name ignored").collect(invalidNameIgnored)
                .coverage(check -> check.check(true).percentage(p -> p > 5));
        if (batch instanceof NotificationBatch.Accepted accepted) {
            for (PushEvent push : accepted.pushes()) {
                assertThat(push.tag()).matches(TAG);
                assertThat(push.repository()).matches(REPOSITORY).hasSizeLessThanOrEqualTo(255);
                assertThat(push.eventId()).isNotEmpty();
                assertThat(push.registryHost()).isNotEmpty();
                assertThat(push.timestamp()).isNotNull();
            }
        } else {
            assertThat(((NotificationBatch.Malformed) batch).reason()).isNotBlank();
        }
    }
}
