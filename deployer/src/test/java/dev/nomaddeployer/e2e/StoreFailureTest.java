package dev.nomaddeployer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.App;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.security.LogCapture;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcInbox;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When the store cannot commit, the registry must hear 5xx (so it re-sends) and nothing may be half-written. */
@Timeout(60)
class StoreFailureTest {
    private static final String REGISTRY = "registry.test:5000";
    // Nothing listens here: pushes stay in the inbox, which is what these tests inspect.
    private static final URI NO_NOMAD = URI.create("http://127.0.0.1:9");
    /** Pages a store may grow by beyond its empty schema before it is full: room for a few pushes. */
    private static final int ROOM_FOR_PUSHES = 2;

    /**
     * A page limit that leaves {@link #ROOM_FOR_PUSHES} pages beyond the schema, measured on an empty store, so
     * the store fills after the same few pushes whatever tables later migrations add.
     */
    private int fullStore() {
        try (Database empty = Database.openFile(dir.resolve("empty-schema.db"))) {
            return empty.read(c -> {
                try (var statement = c.createStatement(); var row = statement.executeQuery("PRAGMA page_count")) {
                    row.next();
                    return row.getInt(1);
                }
            }) + ROOM_FOR_PUSHES;
        }
    }

    /** Readiness is about the store only once the job index is warm: started against a Nomad that answers. */
    private App startReady(NomadSim nomad, List<String> flags) throws Exception {
        App app = DeployerFixture.startApp(dir, nomad.baseUrl(), flags);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.index().warm());
        return app;
    }

    @TempDir
    Path dir;

    private static HttpResponse<String> get(App app, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.address().getPort() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int push(App app, String id) {
        return new Notifier(app.address().getPort(), REGISTRY).post(Notifier.envelope(
                Notifier.event(id, Instant.now(), REGISTRY, "team/app", "1.0.0")));
    }

    @Test
    void fullStoreAnswers503AndKeepsEveryAcknowledgedPushWhole() throws Exception {
        Path file = dir.resolve("full.db");
        // SQLite's page limit fails writes with SQLITE_FULL, the same error a full disk gives. The schema takes
        // all but a few of the pages (fullStore()), so the store fills after a few pushes.
        List<Integer> statuses = new ArrayList<>();
        int acknowledged = 0;
        try (LogCapture log = LogCapture.start(); App app = DeployerFixture.startApp(dir, NO_NOMAD,
                List.of("--store.url=jdbc:sqlite:" + file + "?max_page_count=" + fullStore()))) {
            Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
            for (int i = 0; i < 2000 && !statuses.contains(503); i++) {
                String padding = "x".repeat(200);
                int status = notifier.post(Notifier.envelope(
                        Notifier.event("a-" + i + padding, Instant.now(), REGISTRY, "team/app", "1.0." + i),
                        Notifier.event("b-" + i + padding, Instant.now(), REGISTRY, "team/app", "2.0." + i)));
                statuses.add(status);
                if (status == 200) {
                    acknowledged += 2;
                }
            }
            HttpResponse<String> ready = get(app, "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("the disk holding the store is full");
            assertThat(log.text()).doesNotContain("no transaction is active");
        }
        assertThat(statuses).contains(503).doesNotContain(500);
        assertThat(statuses.subList(0, statuses.indexOf(503))).containsOnly(200);
        try (Database database = Database.openFile(file)) {
            assertThat(new JdbcInbox(database).pendingCount()).isEqualTo(acknowledged);
        }
    }

    @Test
    void concurrentSendersOnAFillingStoreHear200ExactlyForTheEventsTheStoreKept() throws Exception {
        Path file = dir.resolve("full.db");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try (App app = DeployerFixture.startApp(dir, NO_NOMAD,
                List.of("--store.url=jdbc:sqlite:" + file + "?max_page_count=" + fullStore()))) {
            Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                int sender = s;
                running.add(senders.submit(() -> {
                    // Each sender goes on until the store refuses it: requests of one commit succeed or fail together.
                    for (int i = 0; i < 2000; i++) {
                        String id = sender + "-" + i + "-" + "x".repeat(200);
                        int status = notifier.post(Notifier.envelope(
                                Notifier.event(id, Instant.now(), REGISTRY, "team/app", "1.0." + i)));
                        statuses.add(status);
                        if (status == 200) {
                            acknowledged.add(id);
                        } else {
                            return;
                        }
                    }
                }));
            }
            for (Future<?> sender : running) {
                sender.get(50, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(statuses).contains(503).doesNotContain(500);
        try (Database database = Database.openFile(file)) {
            List<String> stored = database.inTransaction(c -> {
                List<String> ids = new ArrayList<>();
                try (var select = c.prepareStatement("SELECT event_id FROM events"); var row = select.executeQuery()) {
                    while (row.next()) {
                        ids.add(row.getString(1));
                    }
                }
                return ids;
            });
            assertThat(stored).as("every 200 is stored, and nothing answered 503 is").hasSameElementsAs(acknowledged)
                    .hasSize(acknowledged.size());
        }
    }

    @Test
    void dispatcherThatCannotWriteNamesTheFullDiskOnceAndBacksOff() throws Exception {
        Path file = dir.resolve("full.db");
        try (NomadSim nomad = NomadSim.builder().build().start(); LogCapture log = LogCapture.start();
             App app = DeployerFixture.startApp(dir, nomad.baseUrl(),
                     List.of("--store.url=jdbc:sqlite:" + file + "?max_page_count=" + fullStore(), "--deploy.retry.max=5s"))) {
            // Nomad is down while the pushes come in, so they wait in the inbox until the store is full.
            nomad.faults().failNext(1_000_000, 503, "Service Unavailable");
            Notifier notifier = new Notifier(app.address().getPort(), REGISTRY);
            int status = 200;
            for (int i = 0; i < 2000 && status == 200; i++) {
                status = notifier.post(Notifier.envelope(Notifier.event("e-" + i + "x".repeat(200), Instant.now(),
                        REGISTRY, "team/app", "1.0." + i)));
            }
            assertThat(status).as("the store filled up").isEqualTo(503);
            nomad.faults().clear();
            // Expanding the acknowledged pushes needs room the store no longer has.
            await().atMost(Duration.ofSeconds(20)).until(() -> log.text().contains("event=store_failed"));
            Thread.sleep(2000);
            assertThat(log.lines()).filteredOn(line -> line.contains("event=store_failed"))
                    .as("said once per cause, not at every retry").hasSizeBetween(1, 2)
                    .allSatisfy(line -> assertThat(line).contains("kind=FULL").contains("the disk holding the store is full"));
            assertThat(log.text()).doesNotContain("no transaction is active");
            assertThat(get(app, "/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void storeOnAFullDiskRecoversByItselfOnceThereIsRoomAgain() throws Exception {
        Path disk = Files.createDirectory(dir.resolve("disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString()),
                "needs to mount a small tmpfs (root) to fill a real disk");
        try {
            Path filler = disk.resolve("filler");
            try (LogCapture log = LogCapture.start(); NomadSim nomad = NomadSim.builder().build().start();
                 App app = startReady(nomad, List.of("--store.path=" + disk.resolve("deployer.db")))) {
                Files.write(filler, new byte[700 * 1024]);
                int status = 200;
                for (int i = 0; i < 5000 && status == 200; i++) {
                    status = push(app, "full-" + i + "x".repeat(200));
                }
                assertThat(status).isEqualTo(503);
                assertThat(get(app, "/ready").body()).contains("the disk holding the store is full");

                Files.delete(filler);

                await().atMost(Duration.ofSeconds(30)).until(() -> push(app, "room-" + System.nanoTime()) == 200);
                await().atMost(Duration.ofSeconds(30)).until(() -> get(app, "/ready").statusCode() == 204);
            }
        } finally {
            run("umount", disk.toString());
        }
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void deletedStoreFileRefusesPushesWith503AndFailsReadinessNamingTheFile() throws Exception {
        Path file = dir.resolve("deployer.db");
        try (NomadSim nomad = NomadSim.builder().build().start();
             App app = startReady(nomad, List.of("--store.path=" + file))) {
            assertThat(push(app, "before")).isEqualTo(200);
            assertThat(get(app, "/ready").statusCode()).isEqualTo(204);
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }

            assertThat(push(app, "after")).isEqualTo(503);
            HttpResponse<String> ready = get(app, "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains(file.toString()).contains("was deleted");
            assertThat(push(app, "later")).as("the store stays refused, also after a new file appears").isEqualTo(503);
        }
    }

    @Test
    void replacedStoreFileRefusesPushesWith503() throws Exception {
        Path file = dir.resolve("deployer.db");
        try (App app = DeployerFixture.startApp(dir, NO_NOMAD, List.of("--store.path=" + file))) {
            assertThat(push(app, "before")).isEqualTo(200);
            Path copy = Files.copy(file, dir.resolve("copy.db"));
            Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            assertThat(push(app, "after")).isEqualTo(503);
            assertThat(get(app, "/ready").body()).contains("was replaced by another file");
        }
    }

    @Test
    void damagedStoreStopsStartUpNamingTheDamage() throws Exception {
        Path file = dir.resolve("deployer.db");
        try (Database database = Database.openFile(file)) {
            JdbcInbox inbox = new JdbcInbox(database);
            for (int i = 0; i < 200; i++) {
                inbox.accept(List.of(new dev.nomaddeployer.deploy.PushEvent("e" + i, Instant.now(), REGISTRY,
                        "team/app", "1.0." + i, null, null, null)), Instant.now());
            }
        }
        long size = Files.size(file);
        assertThat(size).as("several pages to damage").isGreaterThan(4 * 4096);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            for (long offset = 2 * 4096; offset < size - 4096; offset += 4096) {
                raw.seek(offset);
                raw.write("not a b-tree page at all".getBytes());
            }
        }

        assertThatThrownBy(() -> DeployerFixture.startApp(dir, NO_NOMAD, List.of("--store.path=" + file)))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.DAMAGED);
                    assertThat(e.getMessage()).contains(file.toString()).contains("damaged")
                            .contains("restore it from a backup");
                });
    }

    @Test
    void readOnlyStoreStopsStartUpWithAMessageNamingTheStore() throws Exception {
        Path file = dir.resolve("ro.db");
        Database.openFile(file).close();
        // A store that cannot be written at start is a configuration error: fail loudly rather than run and
        // answer 503 to every push.
        assertThatThrownBy(() -> DeployerFixture.startApp(dir, NO_NOMAD,
                List.of("--store.url=jdbc:sqlite:file:" + file + "?mode=ro")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("readonly");
    }
}
