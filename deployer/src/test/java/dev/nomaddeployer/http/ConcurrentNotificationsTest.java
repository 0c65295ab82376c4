package dev.nomaddeployer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.store.Database;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that arrive while the store is committing share its next commit (one fsync for all). Each is still
 * answered only once its own events are committed, with its own counts, and a commit that fails fails every
 * request in it: no 2xx for an event the store does not hold.
 */
@Timeout(60)
class ConcurrentNotificationsTest {
    private static final int SENDERS = 8;

    @TempDir
    Path dir;
    private Listener listener;
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS + 1);

    @BeforeEach
    void start() throws Exception {
        listener = Listener.start(dir, Listener.options());
    }

    @AfterEach
    void stop() throws Exception {
        senders.shutdownNow();
        senders.awaitTermination(10, TimeUnit.SECONDS);
        Listener.closeAll(listener);
    }

    /** A commit in flight that lasts until {@link #release()}: requests arriving meanwhile queue behind it. */
    private final class SlowCommit {
        private final CountDownLatch running = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Future<?> commit;

        SlowCommit(Database.Work<?> before) throws InterruptedException {
            commit = senders.submit(() -> listener.database.inTransaction(c -> {
                before.run(c);
                running.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void release() throws Exception {
            release.countDown();
            commit.get(10, TimeUnit.SECONDS);
        }
    }

    private List<Future<HttpResponse<String>>> sendAll(List<byte[]> bodies) {
        return bodies.stream().map(body -> senders.submit(() -> listener.notify(body))).toList();
    }

    private void awaitQueued(int requests) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> listener.database.queuedUnits() == requests);
    }

    private static List<HttpResponse<String>> answers(List<Future<HttpResponse<String>>> sent) throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : sent) {
            answers.add(answer.get(10, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static JsonNode counts(HttpResponse<String> answer) throws IOException {
        return Notification.JSON.readTree(answer.body());
    }

    private static byte[] withEventId(byte[] body, String id) throws IOException {
        ObjectNode envelope = (ObjectNode) Notification.JSON.readTree(body);
        ((ObjectNode) envelope.get("events").get(0)).put("id", id);
        return Notification.bytes(envelope);
    }

    /** The body's event once under each id. */
    private static byte[] withEventIds(byte[] body, List<String> ids) throws IOException {
        ObjectNode envelope = (ObjectNode) Notification.JSON.readTree(body);
        ObjectNode event = (ObjectNode) envelope.get("events").get(0);
        var events = envelope.putArray("events");
        for (String id : ids) {
            events.add(event.deepCopy().put("id", id));
        }
        return Notification.bytes(envelope);
    }

    private List<String> storedIds() {
        return listener.stored().stream().map(Listener.StoredName::eventId).toList();
    }

    @Test
    void requestsArrivingDuringACommitShareTheNextOneAndAreAnsweredOnlyOnceItIsDone() throws Exception {
        SlowCommit slow = new SlowCommit(c -> null);
        long commitsBefore = listener.database.commits();
        List<String> ids = IntStream.range(0, SENDERS).mapToObj(i -> "queued-" + i).toList();
        List<byte[]> bodies = new ArrayList<>();
        for (String id : ids) {
            bodies.add(withEventId(Notification.push(), id));
        }

        List<Future<HttpResponse<String>>> sent = sendAll(bodies);
        awaitQueued(SENDERS);
        assertThat(sent).as("no answer before the commit holding the events").noneMatch(Future::isDone);
        slow.release();

        for (HttpResponse<String> answer : answers(sent)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(counts(answer).path("accepted").asInt()).as("each request hears its own count").isEqualTo(1);
        }
        assertThat(listener.database.commits() - commitsBefore)
                .as("the slow commit, then one commit for all eight requests").isEqualTo(2);
        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void theSameEventSentByEightConcurrentRequestsIsStoredOnceAndCountedAsAcceptedOnce() throws Exception {
        byte[] body = withEventId(Notification.push(), "one-event");
        SlowCommit slow = new SlowCommit(c -> null);
        List<Future<HttpResponse<String>>> sent = sendAll(IntStream.range(0, SENDERS).mapToObj(i -> body).toList());
        awaitQueued(SENDERS);
        slow.release();

        List<JsonNode> counts = new ArrayList<>();
        for (HttpResponse<String> answer : answers(sent)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            counts.add(counts(answer));
        }
        assertThat(counts).filteredOn(c -> c.path("accepted").asInt() == 1).hasSize(1)
                .allSatisfy(c -> assertThat(c.path("duplicates").asInt()).isZero());
        assertThat(counts).filteredOn(c -> c.path("accepted").asInt() == 0).hasSize(SENDERS - 1)
                .allSatisfy(c -> assertThat(c.path("duplicates").asInt()).isEqualTo(1));
        assertThat(storedIds()).containsExactly("one-event");
    }

    @Test
    void whenTheSharedCommitFailsEveryRequestInItHears503AndNoneOfItsEventsIsStored() throws Exception {
        // Requests big enough that each needs new pages; the slow commit caps the store at its current size, so
        // the shared commit fails as on a full disk.
        List<String> ids = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int request = 0; request < SENDERS; request++) {
            List<String> events = new ArrayList<>();
            for (int event = 0; event < 20; event++) {
                events.add(request + "-" + event + "-" + "x".repeat(240));
            }
            ids.addAll(events);
            bodies.add(withEventIds(Notification.push(), events));
        }
        SlowCommit slow = new SlowCommit(c -> setMaxPageCount(c, 1));
        List<Future<HttpResponse<String>>> sent = sendAll(bodies);
        awaitQueued(SENDERS);
        slow.release();

        assertThat(answers(sent)).extracting(HttpResponse::statusCode).containsOnly(503);
        listener.database.inTransaction(c -> setMaxPageCount(c, 1_000_000));
        assertThat(storedIds()).isEmpty();

        // Re-sent, as the registry does after a 503: stored now, and new to the store, so nothing was half-kept.
        for (byte[] body : bodies) {
            HttpResponse<String> answer = listener.notify(body);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(counts(answer).path("accepted").asInt()).isEqualTo(20);
        }
        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    /** SQLite raises a lower limit to the store's current size: no page can be added beyond what it has. */
    private static Object setMaxPageCount(java.sql.Connection c, int pages) throws java.sql.SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("PRAGMA max_page_count = " + pages);
        }
        return null;
    }
}
