package dev.nomaddeployer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every job version the simulator commits, as Nomad's event stream ({@code GET /v1/event/stream?topic=Job})
 * tells it: one connection watches all jobs, so push → register is measured for thousands of pushes in
 * flight without a blocking query per job. Each new {@code Meta.VERSION} of a job is kept with the
 * {@link System#nanoTime()} its frame arrived.
 */
public final class RegistrationFeed implements AutoCloseable {
    /** One {@code Meta.VERSION} a job was seen with, and when. */
    public record Seen(String version, long atNanos) {
    }

    /** A job and the meta {@code VERSION} a Job event carried. */
    public record JobVersion(String jobId, String version) {
    }

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json;
    private final Map<String, List<Seen>> seen = new ConcurrentHashMap<>();
    private final CountDownLatch open = new CountDownLatch(1);
    private volatile InputStream body;
    private volatile Throwable failure;
    private volatile boolean closed;

    RegistrationFeed(ObjectMapper json) {
        this.json = json;
    }

    /** Subscribes and returns once the stream's first line is in, so nothing committed later is missed. */
    public static RegistrationFeed open(HttpClient http, ObjectMapper json, URI simBase) {
        RegistrationFeed feed = new RegistrationFeed(json);
        HttpRequest request = HttpRequest.newBuilder(simBase.resolve("/v1/event/stream?topic=Job"))
                .header("User-Agent", NomadObserver.USER_AGENT).timeout(OPEN_TIMEOUT).GET().build();
        Thread reader = new Thread(() -> feed.read(http, request), "bench-registration-feed");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!feed.open.await(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BenchFailure("nomad-sim's event stream sent nothing within " + OPEN_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while opening nomad-sim's event stream");
        }
        feed.requireHealthy();
        return feed;
    }

    private void read(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            body = response.body();
            if (response.statusCode() != 200) {
                throw new IOException("GET /v1/event/stream answered " + response.statusCode());
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    long at = System.nanoTime();
                    open.countDown();
                    accept(json.readTree(line), at);
                }
            }
            if (!closed) {
                throw new IOException("nomad-sim ended the event stream");
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.countDown();
        }
    }

    /** Takes one frame of the stream that arrived at {@code atNanos}. */
    void accept(JsonNode frame, long atNanos) {
        for (JobVersion v : jobVersions(frame)) {
            record(v, atNanos);
        }
    }

    private void record(JobVersion v, long at) {
        List<Seen> versions = seen.computeIfAbsent(v.jobId(), id -> new ArrayList<>());
        synchronized (versions) {
            // a scheduler step re-emits the job with the same meta; only a new value is a register
            if (versions.isEmpty() || !versions.get(versions.size() - 1).version().equals(v.version())) {
                versions.add(new Seen(v.version(), at));
            }
        }
    }

    /** The job versions one line of the stream carries; a heartbeat ({@code {}}) carries none. */
    static List<JobVersion> jobVersions(JsonNode frame) {
        List<JobVersion> out = new ArrayList<>();
        for (JsonNode event : frame.path("Events")) {
            JsonNode job = event.path("Payload").path("Job");
            JsonNode version = job.path("Meta").path("VERSION");
            if (event.path("Topic").asText().equals("Job") && job.hasNonNull("ID") && version.isTextual()) {
                out.add(new JobVersion(job.get("ID").asText(), version.asText()));
            }
        }
        return out;
    }

    /** When the job was first seen with a version {@code wanted} accepts. */
    public OptionalLong firstSeen(String jobId, Predicate<String> wanted) {
        List<Seen> versions = seen.get(jobId);
        if (versions == null) {
            return OptionalLong.empty();
        }
        synchronized (versions) {
            return versions.stream().filter(s -> wanted.test(s.version())).mapToLong(Seen::atNanos).findFirst();
        }
    }

    public void requireHealthy() {
        if (failure != null) {
            throw new BenchFailure("nomad-sim's event stream failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the stream is being abandoned anyway
            }
        }
    }
}
