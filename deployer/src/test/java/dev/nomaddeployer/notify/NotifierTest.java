package dev.nomaddeployer.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.deploy.Backoff;
import dev.nomaddeployer.http.CapturedLog;
import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.leadership.Leadership;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcNoticeOutbox;
import dev.nomaddeployer.store.TestLeases;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Notices reaching real HTTP receivers on loopback, through the store's outbox, as the service sends them. */
@Timeout(180)
class NotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "hmac-key-for-the-test-7f3a";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Database database;
    JdbcNoticeOutbox outbox;
    Fence fence;
    volatile boolean leading = true;
    final List<Notifier> notifiers = new ArrayList<>();
    final List<Receiver> receivers = new ArrayList<>();
    final Map<String, List<DeliveryObserver.Result>> observed = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        database = Database.openFile(dir.resolve("store.db"));
        outbox = new JdbcNoticeOutbox(database);
        fence = TestLeases.lead(database, "test");
    }

    @AfterEach
    void close() {
        notifiers.forEach(n -> n.stop(Duration.ofSeconds(5)));
        receivers.forEach(Receiver::close);
        database.close();
    }

    private Receiver receiver() {
        Receiver receiver = Receiver.started();
        receivers.add(receiver);
        return receiver;
    }

    private Notifier start(Sink... sinks) {
        Leadership leadership = new Leadership() {
            @Override
            public Optional<Fence> fence() {
                return leading ? Optional.of(fence) : Optional.empty();
            }

            @Override
            public void refused(Fence refused) {
                leading = false;
            }
        };
        Notifier notifier = new Notifier(outbox, List.of(sinks), leadership,
                (sink, result, failing) -> observed.computeIfAbsent(sink, s -> new CopyOnWriteArrayList<>())
                        .add(result),
                new Notifier.Options(Duration.ofSeconds(2), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                        Optional.of(URI.create("http://127.0.0.1:4646")), Duration.ofDays(30)),
                Clock.systemUTC());
        notifier.start();
        notifiers.add(notifier);
        return notifier;
    }

    private static Sink webhook(String name, Receiver receiver, Set<Notice.Kind> events) {
        return new Sink(name, SinkType.WEBHOOK, receiver.url("/hooks/" + name), Optional.of(SECRET), events);
    }

    static Notice notice(Notice.Kind kind, String job, String tag) {
        return new Notice(kind, Instant.parse("2026-12-01T12:00:00.250Z"), "default", job, "127.0.0.1:5000",
                "team/" + job, "VERSION", "1.5.0", tag, "sha256:0f1e", 8L, "3c1b-deployment", kind.label(),
                kind == Notice.Kind.FAILED ? "Failed due to unhealthy allocations" : "Deployment completed successfully",
                kind == Notice.Kind.FAILED ? "Exit Code: 1, Exit Message: \"<boom> & gone\"" : null,
                kind == Notice.Kind.ROLLED_BACK ? 7L : null, "event-" + tag);
    }

    private long add(Notice.Kind kind, String job, String tag) {
        return outbox.add(notice(kind, job, tag));
    }

    private static JsonNode json(Receiver.Request request) throws IOException {
        return JSON.readTree(request.body());
    }

    @Test
    void webhookBodyIsSignedWithHmacSha256OfTheRawBodyUnderTheSecret() throws Exception {
        Receiver receiver = receiver();
        start(webhook("ops", receiver, Sink.ALL_EVENTS));
        long id = add(Notice.Kind.ROLLED_OUT, "web", "1.6.0");

        await().atMost(WAIT).until(() -> receiver.received().size() == 1);
        Receiver.Request request = receiver.received().get(0);
        // verified as a receiver would, without our code: HMAC-SHA256 over the raw body bytes
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
        assertThat(request.header("X-Nomad-Deployer-Signature")).isEqualTo(expected);
        assertThat(request.header("X-Nomad-Deployer-Delivery")).isEqualTo(String.valueOf(id));
        assertThat(request.header("X-Nomad-Deployer-Event")).isEqualTo("rolled_out");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = json(request);
        assertThat(body.get("id").asLong()).isEqualTo(id);
        assertThat(body.get("event").asText()).isEqualTo("rolled_out");
        assertThat(body.get("job").asText()).isEqualTo("web");
        assertThat(body.get("old_value").asText()).isEqualTo("1.5.0");
        assertThat(body.get("new_value").asText()).isEqualTo("1.6.0");
        assertThat(body.get("at").asText()).isEqualTo("2026-12-01T12:00:00.250Z");
        assertThat(body.get("failure").isNull()).as("unknown fields are present as null").isTrue();
        assertThat(body.get("job_url").asText()).isEqualTo("http://127.0.0.1:4646/ui/jobs/web@default");
    }

    @Test
    void aSinkDownForThirtySecondsReceivesEveryNoticeExactlyOnceInOrderWhenItReturns() throws Exception {
        Receiver receiver = receiver();
        receiver.stop(); // not listening: connections are refused
        start(webhook("ops", receiver, Sink.ALL_EVENTS));
        List<Long> sent = new ArrayList<>();
        sent.add(add(Notice.Kind.REGISTERED, "web", "1.6.0"));
        sent.add(add(Notice.Kind.ROLLED_OUT, "web", "1.6.0"));
        Thread.sleep(15_000);
        receiver.start(); // listening again, but failing: 503 for the second half of the outage
        receiver.answer(body -> 503);
        sent.add(add(Notice.Kind.REGISTERED, "api", "2.0.0"));
        sent.add(add(Notice.Kind.FAILED, "api", "2.0.0"));
        Thread.sleep(15_000);
        assertThat(receiver.received()).as("nothing is taken while the sink is down").isEmpty();
        assertThat(receiver.requests()).as("it was tried meanwhile").isNotEmpty();

        receiver.answer(body -> 200);
        sent.add(add(Notice.Kind.ROLLED_BACK, "api", "2.0.0"));

        await().atMost(WAIT).until(() -> receiver.received().size() >= sent.size()
                && outbox.pending().get("ops") == 0);
        assertThat(receiver.received()).extracting(Receiver.Request::deliveryId)
                .as("every notice once, in the order stored").containsExactlyElementsOf(sent);
        assertThat(observed.get("ops")).contains(DeliveryObserver.Result.FAILED);
    }

    @Test
    void noticesStoredBeforeARestartAreDeliveredAfterItOnceEach() throws Exception {
        Receiver receiver = receiver();
        receiver.answer(body -> 503);
        Notifier before = start(webhook("ops", receiver, Sink.ALL_EVENTS));
        long first = add(Notice.Kind.REGISTERED, "web", "1.6.0");
        long second = add(Notice.Kind.ROLLED_OUT, "web", "1.6.0");
        await().atMost(WAIT).until(() -> !receiver.requests().isEmpty());
        before.stop(Duration.ofSeconds(5));
        database.close();

        database = Database.openFile(dir.resolve("store.db"));
        outbox = new JdbcNoticeOutbox(database);
        receiver.answer(body -> 200);
        start(webhook("ops", receiver, Sink.ALL_EVENTS));

        await().atMost(WAIT).until(() -> receiver.received().size() >= 2 && outbox.pending().get("ops") == 0);
        assertThat(receiver.received()).extracting(Receiver.Request::deliveryId).containsExactly(first, second);
    }

    @Test
    void aNoticeTheSinkRefusesForGoodIsDroppedAndTheNextOnesStillArrive() throws Exception {
        Receiver receiver = receiver();
        receiver.answer(body -> new String(body, StandardCharsets.UTF_8).contains("\"job\":\"bad\"") ? 400 : 200);
        start(webhook("ops", receiver, Sink.ALL_EVENTS));
        add(Notice.Kind.REGISTERED, "web", "1.6.0");
        long refused = add(Notice.Kind.REGISTERED, "bad", "1.0.0");
        add(Notice.Kind.ROLLED_OUT, "web", "1.6.0");

        await().atMost(WAIT).until(() -> receiver.received().size() == 2 && outbox.pending().get("ops") == 0);
        assertThat(receiver.received()).extracting(r -> json(r).get("job").asText()).containsExactly("web", "web");
        assertThat(receiver.requests()).filteredOn(r -> r.deliveryId() == refused).as("refused once, not retried")
                .hasSize(1);
        assertThat(observed.get("ops")).containsExactly(DeliveryObserver.Result.DELIVERED,
                DeliveryObserver.Result.DROPPED, DeliveryObserver.Result.DELIVERED);
    }

    @Test
    void eachSinkReceivesOnlyTheEventsItChoseAndAFailingOneHoldsUpNoOther() throws Exception {
        Receiver alerts = receiver();
        Receiver everything = receiver();
        Receiver broken = receiver();
        broken.answer(body -> 500);
        start(webhook("alerts", alerts, EnumSet.of(Notice.Kind.FAILED, Notice.Kind.ROLLED_BACK)),
                webhook("all", everything, Sink.ALL_EVENTS), webhook("broken", broken, Sink.ALL_EVENTS));
        add(Notice.Kind.REGISTERED, "web", "1.6.0");
        add(Notice.Kind.FAILED, "web", "1.6.0");
        add(Notice.Kind.ROLLED_BACK, "web", "1.6.0");
        add(Notice.Kind.PAUSED, "api", "2.0.0");

        await().atMost(WAIT).until(() -> alerts.received().size() == 2 && everything.received().size() == 4);
        assertThat(alerts.received()).extracting(r -> r.header("X-Nomad-Deployer-Event"))
                .containsExactly("failed", "rolled_back");
        assertThat(everything.received()).extracting(r -> r.header("X-Nomad-Deployer-Event"))
                .containsExactly("registered", "failed", "rolled_back", "paused");
        assertThat(outbox.pending()).containsEntry("broken", 4);
    }

    @Test
    void aFollowerSendsNothingUntilItLeads() throws Exception {
        leading = false;
        Receiver receiver = receiver();
        Notifier notifier = start(webhook("ops", receiver, Sink.ALL_EVENTS));
        add(Notice.Kind.REGISTERED, "web", "1.6.0");
        // three idle polls of the follower, and still nothing sent
        Thread.sleep(3_000);
        assertThat(receiver.requests()).isEmpty();

        leading = true;
        notifier.wake();
        await().atMost(WAIT).until(() -> receiver.received().size() == 1);
    }

    @Test
    void aSinkThatNeverAnswersDoesNotKeepNoticesFromBeingStored() throws Exception {
        Receiver receiver = receiver();
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        receiver.answer(body -> {
            inFlight.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        start(webhook("slow", receiver, Sink.ALL_EVENTS));
        add(Notice.Kind.REGISTERED, "web", "1.6.0");
        assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("the first send is in flight").isTrue();

        AtomicInteger stored = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                add(Notice.Kind.ROLLED_OUT, "job-" + i, "1.0." + i);
                stored.incrementAndGet();
            }
        });
        producer.start();
        producer.join(30_000);
        assertThat(stored).as("the pipeline's writes never wait for a sink").hasValue(20);
        release.countDown();
    }

    @Test
    void slackGetsABlockMessageWithTheFactsPeopleReadAndALinkToTheJob() throws Exception {
        Receiver receiver = receiver();
        start(new Sink("chat", SinkType.SLACK, receiver.url("/services/T0/B0/x"), Optional.empty(), Sink.ALL_EVENTS));
        add(Notice.Kind.FAILED, "web", "1.6.0");

        await().atMost(WAIT).until(() -> receiver.received().size() == 1);
        Receiver.Request request = receiver.received().get(0);
        assertThat(request.header("X-Nomad-Deployer-Signature")).as("only webhooks are signed").isNull();
        JsonNode message = json(request);
        assertThat(message.get("text").asText()).isEqualTo("web: rollout of 1.6.0 failed");
        JsonNode blocks = message.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("web: rollout of 1.6.0 failed");
        List<String> fields = new ArrayList<>();
        blocks.get(1).get("fields").forEach(f -> fields.add(f.get("text").asText()));
        assertThat(fields).contains("*Job*\nweb", "*Namespace*\ndefault", "*Tag*\nVERSION 1.5.0 \u2192 1.6.0",
                "*Outcome*\nfailed (failed)");
        List<String> sections = new ArrayList<>();
        blocks.forEach(b -> {
            if (b.get("type").asText().equals("section") && b.has("text")) {
                sections.add(b.get("text").get("text").asText());
            }
        });
        assertThat(sections).containsExactly("*Nomad*\nFailed due to unhealthy allocations",
                "*Failing task*\nExit Code: 1, Exit Message: \"&lt;boom&gt; &amp; gone\"");
        JsonNode button = blocks.get(blocks.size() - 1).get("elements").get(0);
        assertThat(button.get("type").asText()).isEqualTo("button");
        assertThat(button.get("url").asText()).isEqualTo("http://127.0.0.1:4646/ui/jobs/web@default");
    }

    @Test
    void teamsGetsAnAdaptiveCardMessageWithTheFactsAndALinkToTheJob() throws Exception {
        Receiver receiver = receiver();
        start(new Sink("teams", SinkType.TEAMS, receiver.url("/workflows/x"), Optional.empty(), Sink.ALL_EVENTS));
        add(Notice.Kind.ROLLED_BACK, "web", "1.6.0");

        await().atMost(WAIT).until(() -> receiver.received().size() == 1);
        JsonNode message = json(receiver.received().get(0));
        assertThat(message.get("type").asText()).isEqualTo("message");
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("body").get(0).get("text").asText()).isEqualTo("web: rolled back to version 7");
        List<String> facts = new ArrayList<>();
        card.get("body").get(1).get("facts").forEach(f -> facts.add(f.get("title").asText() + ": "
                + f.get("value").asText()));
        assertThat(facts).contains("Job: web", "Namespace: default", "Tag: VERSION 1.5.0 \u2192 1.6.0",
                "Outcome: rolled back (rolled_back)", "Nomad: Deployment completed successfully");
        JsonNode action = card.get("actions").get(0);
        assertThat(action.get("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(action.get("url").asText()).isEqualTo("http://127.0.0.1:4646/ui/jobs/web@default");
    }

    @Test
    void neitherASinksUrlNorItsSecretIsEverLoggedWhileItFailsIsRefusedAndRecovers() throws Exception {
        Receiver receiver = receiver();
        AtomicInteger calls = new AtomicInteger();
        receiver.answer(body -> switch (calls.incrementAndGet()) {
            case 1, 2 -> 503;
            case 3 -> 404;
            default -> 200;
        });
        String secretPath = "/hooks/T0PATHSECRET9c1/B0";
        try (CapturedLog log = new CapturedLog()) {
            start(new Sink("ops", SinkType.WEBHOOK, receiver.url(secretPath), Optional.of(SECRET), Sink.ALL_EVENTS));
            add(Notice.Kind.REGISTERED, "web", "1.6.0");
            add(Notice.Kind.ROLLED_OUT, "web", "1.6.0");
            await().atMost(WAIT).until(() -> receiver.received().size() == 1 && outbox.pending().get("ops") == 0);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("event=sink_failing sink=ops"))
                    .anySatisfy(line -> assertThat(line).contains("event=notice_dropped sink=ops"))
                    .anySatisfy(line -> assertThat(line).contains("event=sink_recovered sink=ops"));
            assertThat(log.lines()).noneSatisfy(line -> assertThat(line).contains("T0PATHSECRET9c1"))
                    .noneSatisfy(line -> assertThat(line).contains(SECRET))
                    .noneSatisfy(line -> assertThat(line).contains(receiver.url("")));
        }
    }
}
