package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.nomad.JobEventStream;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.nomad.JobList;
import dev.nomaddeployer.nomad.JobRead;
import dev.nomaddeployer.nomad.JobStub;
import dev.nomaddeployer.nomad.NomadCall;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadError;
import dev.nomaddeployer.nomad.NomadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job index as its own component: on its own thread it restores what the store kept, reads every job
 * whose {@code JobModifyIndex} moved (bounded parallelism, paced), then follows Nomad's event stream, or, where
 * the stream is refused or keeps failing, blocking job lists. Lookups never call Nomad. See docs/job-index.md.
 */
public final class LiveJobIndex implements JobIndex, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveJobIndex.class);
    /** How long a resumed stream may take to replay the frame last seen before continuity is given up. */
    static final Duration REPLAY_GRACE = Duration.ofSeconds(2);
    /** Nomad heartbeats every 30 s and drops a stuck write after 40 s; silence beyond this is a dead stream. */
    static final Duration STALLED_AFTER = Duration.ofSeconds(75);
    /** A busy cluster moves the list's index all the time; lists come no closer together than this. */
    static final Duration MIN_LIST_GAP = Duration.ofSeconds(1);
    static final int STREAM_FAILURES_BEFORE_POLLING = 5;
    private static final Duration RETRY_INITIAL = Duration.ofMillis(250);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(1);

    /**
     * @param pollWait how long one blocking list may be held by Nomad (polling only)
     * @param readRate reads (and lists) per second towards Nomad, at most
     */
    public record Options(String namespace, int readConcurrency, int readRate, Duration pollWait) {}

    private final NomadClient nomad;
    private final KnownJobs saved;
    private final Options options;
    private final JobCatalog catalog;
    private final ReadPacer pacer;
    private final ExecutorService readers;
    private final Thread thread;
    private final List<Runnable> warmListeners = new CopyOnWriteArrayList<>();
    private final List<JobChangeListener> changeListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger readsDone = new AtomicInteger();
    private volatile int readsTotal = -1;
    private volatile String problem;
    private volatile boolean warm;
    private volatile boolean running = true;
    private volatile Source source = Source.STREAM;
    private volatile StreamConnection connection;
    private long lastSeen;
    private long lastListIndex;
    /** The Raft index the index reflects: the last event frame applied, or the list it last synced from. */
    private volatile long applied;
    /** The highest Raft index Nomad is known to have reached: from its lists, frames and our own registers. */
    private final AtomicLong nomadReached = new AtomicLong();
    private int streamFailures;
    private long lastSaveNanos = System.nanoTime();

    public LiveJobIndex(NomadClient nomad, RegistryHosts hosts, KnownJobs saved, Options options) {
        this.nomad = nomad;
        this.saved = saved;
        this.options = options;
        this.catalog = new JobCatalog(hosts);
        this.pacer = new ReadPacer(options.readRate());
        this.readers = Executors.newFixedThreadPool(options.readConcurrency(), runnable -> {
            Thread reader = new Thread(runnable, "index-read");
            reader.setDaemon(true);
            return reader;
        });
        this.thread = new Thread(this::run, "job-index");
        this.thread.setDaemon(true);
    }

    /** Starts the index's thread; returns at once. */
    public void start() {
        thread.start();
    }

    /** {@code listener} hears of jobs that moved and of deployment changes from now on. */
    public void onChange(JobChangeListener listener) {
        changeListeners.add(listener);
    }

    /** {@code listener} runs (on the index's thread) once the index becomes warm. */
    public void onWarm(Runnable listener) {
        warmListeners.add(listener);
    }

    @Override
    public boolean warm() {
        return warm;
    }

    /** Why the index cannot be trusted yet, for {@code /ready}; empty once it is warm. */
    public Optional<String> notReadyBecause() {
        if (warm) {
            return Optional.empty();
        }
        String failure = problem;
        int total = readsTotal;
        String progress = total < 0 ? "job index: listing jobs"
                : String.format("job index: read %,d of %,d jobs", readsDone.get(), total);
        return Optional.of(failure == null ? progress : progress + " (" + failure + ")");
    }

    @Override
    public Source source() {
        return source;
    }

    /**
     * How far Nomad is known to be ahead of what the index applied. Nomad tells no latest index between event
     * frames, so "known" means what its lists, frames and answers to our own registers said: after a redeploy,
     * the lag stays above 0 until the stream (or the next list) has delivered that register.
     */
    @Override
    public OptionalLong lag() {
        return warm ? OptionalLong.of(Math.max(0, nomadReached.get() - applied)) : OptionalLong.empty();
    }

    @Override
    public List<JobKey> jobsUsing(String registryHost, String repository) {
        return catalog.jobsUsing(registryHost, repository);
    }

    @Override
    public List<String> repositoriesAt(String registryHost) {
        return catalog.repositoriesAt(registryHost);
    }

    @Override
    public List<JobUsage> usagesOf(JobKey job) {
        IndexedJob entry = catalog.get(job);
        return entry == null ? List.of() : entry.usages();
    }

    @Override
    public List<String> namespacesOf(String jobId) {
        return catalog.namespacesOf(jobId);
    }

    @Override
    public List<JobKey> unreadable() {
        return catalog.unreadable();
    }

    @Override
    public void learned(ObjectNode job, long jobModifyIndex) {
        nomadReached.accumulateAndGet(jobModifyIndex, Math::max);
        JobKey key = keyOf(job);
        if (job.path("Stop").asBoolean(false)) {
            catalog.removeUnlessNewer(key, jobModifyIndex);
        } else if (catalog.get(key) != null && !catalog.knowsAtLeast(key, jobModifyIndex)) {
            catalog.putIfNewer(new IndexedJob(key, jobModifyIndex, JobUsages.of(job), false));
        }
    }

    @Override
    public List<JobKey> jobs() {
        return catalog.sortedKeys();
    }

    @Override
    public int size() {
        return catalog.size();
    }

    private void run() {
        restoreSaved();
        int failures = 0;
        while (running) {
            try {
                if (source == Source.STREAM) {
                    followStream();
                } else {
                    poll();
                }
                failures = 0;
            } catch (NomadException e) {
                if (!running) {
                    break;
                }
                NomadException shown = e;
                if (source == Source.STREAM && e.call().kind() == NomadCall.Kind.FOLLOW_JOB_EVENTS) {
                    Optional<NomadException> listFailed = streamFailed(e);
                    if (listFailed.isEmpty() && source == Source.POLLING) {
                        failures = 0;
                        continue;
                    }
                    shown = listFailed.orElse(e);
                }
                failures++;
                pause(failed(shown, failures));
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("event=index_error reason=\"{}\"", e.toString(), e);
                failures++;
                pause(delay(failures));
            } finally {
                save(true);
            }
        }
    }

    private void restoreSaved() {
        try {
            List<IndexedJob> known = saved.load();
            catalog.restore(known);
            if (!known.isEmpty()) {
                LOG.info("event=index_restored jobs={}", known.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("event=index_restore_failed reason=\"{}\" detail=\"every job is read again\"", e.getMessage());
        }
    }

    /** Logged at every failure, as each is a push that may be waiting; the back-off keeps it rare. */
    private Duration failed(NomadException e, int failures) {
        Duration delay = delay(failures);
        problem = e.explained();
        LOG.warn("event=discovery_failed source={} attempt={} retry_in={} reason=\"{}\"",
                source.name().toLowerCase(), failures, delay, e.explained());
        return delay;
    }

    /**
     * The stream failed. While the index is not warm yet it gets warm from a list now rather than leave pushes
     * waiting. The stream is given up for blocking lists when Nomad refused it for good (403 for this token, 404
     * or 405 from a proxy or an old Nomad) or it failed {@value #STREAM_FAILURES_BEFORE_POLLING} times in a row,
     * but only while a job list works: if the list fails too, the token or Nomad itself is the problem, and the
     * stream is tried again with back-off. Returns that list failure, if any.
     */
    private Optional<NomadException> streamFailed(NomadException e) {
        boolean refused = e.error() instanceof NomadError.PermissionDenied || e.error() instanceof NomadError.NotFound
                || e.error() instanceof NomadError.Rejected;
        if (!refused) {
            streamFailures++;
        }
        boolean giveUp = refused || streamFailures >= STREAM_FAILURES_BEFORE_POLLING;
        if (warm && !giveUp) {
            return Optional.empty();
        }
        try {
            pacer.acquire();
            syncFrom(nomad.listJobs(options.namespace(), 0, Duration.ZERO));
        } catch (NomadException listFailed) {
            return Optional.of(listFailed);
        } catch (InterruptedException interrupted) {
            running = false;
            return Optional.empty();
        }
        if (giveUp) {
            source = Source.POLLING;
            LOG.warn("event=index_source source=polling reason=\"{}\" detail=\"the event stream {}; the index follows"
                            + " blocking job lists instead until the service restarts\"", e.explained(),
                    refused ? "was refused" : "failed " + streamFailures + " times in a row");
        }
        markWarm();
        return Optional.empty();
    }

    /** Opens the stream, makes sure nothing was missed since the last frame (else resyncs), then follows it. */
    private void followStream() throws NomadException, InterruptedException {
        long from = lastSeen;
        boolean resume = warm && from > 0;
        try (StreamConnection stream = new StreamConnection(nomad.jobEvents(options.namespace(), from))) {
            connection = stream;
            if (!running) {
                return;
            }
            List<JobEventStream.Frame> held = new ArrayList<>();
            boolean continuous = false;
            boolean opened = false;
            long deadline = System.nanoTime() + REPLAY_GRACE.toNanos();
            // Nomad sends {} once it has subscribed us, then replays what it buffers from `from` on. It never says
            // that `from` fell out of its buffer (or that it restarted): only seeing that very frame again proves
            // that nothing in between was lost.
            while (true) {
                Object item = stream.poll(Math.max(0, deadline - System.nanoTime()));
                if (item == null) {
                    break;
                }
                if (item instanceof NomadException failure) {
                    throw failure;
                }
                if (item instanceof JobEventStream.Heartbeat) {
                    if (!opened && resume) {
                        opened = true;
                        continue;
                    }
                    break;
                }
                JobEventStream.Frame frame = (JobEventStream.Frame) item;
                if (resume && frame.index() == from) {
                    continuous = true;
                } else {
                    held.add(frame);
                }
                break;
            }
            if (!continuous) {
                if (resume) {
                    LOG.info("event=index_resync last_index={} reason=\"the event stream could not resume where it"
                            + " stopped (events may have left Nomad's buffer, or Nomad restarted)\"", from);
                }
                pacer.acquire();
                syncFrom(nomad.listJobs(options.namespace(), 0, Duration.ZERO));
            }
            streamFailures = 0;
            markWarm();
            for (JobEventStream.Frame frame : held) {
                apply(frame);
            }
            follow(stream);
        } finally {
            connection = null;
        }
    }

    private void follow(StreamConnection stream) throws NomadException, InterruptedException {
        long lastLine = System.nanoTime();
        while (running) {
            Object item = stream.poll(TimeUnit.SECONDS.toNanos(1));
            if (item == null) {
                save(false);
                if (System.nanoTime() - lastLine > STALLED_AFTER.toNanos()) {
                    throw new NomadException(NomadCall.followJobEvents(options.namespace()), new NomadError.Unavailable(
                            "the event stream sent nothing, not even a heartbeat, for " + STALLED_AFTER));
                }
                continue;
            }
            lastLine = System.nanoTime();
            if (item instanceof NomadException failure) {
                throw failure;
            }
            if (item instanceof JobEventStream.Frame frame) {
                apply(frame);
                save(false);
            }
        }
    }

    private void apply(JobEventStream.Frame frame) {
        for (JobEventStream.DeploymentEvent event : frame.deployments()) {
            changeListeners.forEach(listener -> listener.deploymentChanged(event.deployment()));
        }
        if (frame.events().isEmpty()) {
            // an entry that touched only deployments: the index has nothing to learn and keeps its last job frame
            return;
        }
        for (JobEventStream.JobEvent event : frame.events()) {
            if (!(event.job() instanceof ObjectNode job) || !job.path("ParentID").asText("").isEmpty()) {
                continue;
            }
            JobKey key = keyOf(job);
            long jobModifyIndex = job.path("JobModifyIndex").asLong();
            // A stopped job's status events keep coming; listeners hear of the stop or purge once, when it is forgotten.
            if (event.deleted()) {
                if (catalog.removeUnlessNewer(key, frame.index())) {
                    changeListeners.forEach(listener -> listener.jobChanged(key, null, event.type()));
                }
            } else if (job.path("Stop").asBoolean(false)) {
                if (catalog.removeUnlessNewer(key, jobModifyIndex)) {
                    changeListeners.forEach(listener -> listener.jobChanged(key, job, event.type()));
                }
            } else if (!catalog.knowsAtLeast(key, jobModifyIndex)) {
                // Status changes carry the job too, at an unchanged JobModifyIndex, and our own registers are
                // learned when Nomad answers them: only a job that moved is worked through for its usages.
                catalog.putIfNewer(new IndexedJob(key, jobModifyIndex, JobUsages.of(job), false));
                changeListeners.forEach(listener -> listener.jobChanged(key, job, event.type()));
            }
        }
        lastSeen = frame.index();
        applied = frame.index();
        nomadReached.accumulateAndGet(frame.index(), Math::max);
    }

    /** One blocking list: Nomad answers once its index passes the last one seen, or after {@code pollWait}. */
    private void poll() throws NomadException, InterruptedException {
        pacer.acquire();
        JobList list = nomad.listJobs(options.namespace(), lastListIndex, options.pollWait());
        if (list.index() < lastListIndex) {
            LOG.info("event=index_resync last_index={} index={} reason=\"Nomad's index went backwards (a restarted"
                    + " or rebuilt cluster)\"", lastListIndex, list.index());
        }
        syncFrom(list);
        lastListIndex = list.index();
        markWarm();
        Thread.sleep(MIN_LIST_GAP.toMillis());
    }

    /** Makes the index what {@code list} says: reads every job whose JobModifyIndex differs, drops the rest. */
    private void syncFrom(JobList list) throws NomadException, InterruptedException {
        Set<JobKey> listed = new HashSet<>();
        List<JobStub> toRead = new ArrayList<>();
        for (JobStub stub : list.stubs()) {
            if (stub.isChild() || stub.stop()) {
                continue;
            }
            JobKey key = new JobKey(stub.namespace(), stub.id());
            listed.add(key);
            IndexedJob known = catalog.get(key);
            if (known == null || known.jobModifyIndex() != stub.jobModifyIndex()) {
                toRead.add(stub);
            }
        }
        for (JobKey key : catalog.keys()) {
            if (!listed.contains(key)) {
                catalog.remove(key);
            }
        }
        readAll(toRead);
        problem = null;
        if (list.index() < applied) {
            // A rebuilt or restarted cluster counts from a lower index: what it reached before means nothing now.
            nomadReached.set(list.index());
        }
        applied = list.index();
        nomadReached.accumulateAndGet(list.index(), Math::max);
        if (!toRead.isEmpty()) {
            LOG.debug("event=index_synced jobs={} read={}", catalog.size(), toRead.size());
        }
    }

    private void readAll(List<JobStub> stubs) throws NomadException, InterruptedException {
        readsDone.set(0);
        readsTotal = stubs.size();
        List<Future<?>> reads = new ArrayList<>();
        for (JobStub stub : stubs) {
            reads.add(readers.submit(() -> {
                pacer.acquire();
                read(stub);
                readsDone.incrementAndGet();
                return null;
            }));
        }
        NomadException first = null;
        for (Future<?> read : reads) {
            try {
                read.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof NomadException failure && first == null) {
                    first = failure;
                } else if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
            }
        }
        if (first != null) {
            // What was read is kept: the next attempt reads only the rest.
            throw first;
        }
    }

    private void read(JobStub stub) throws NomadException {
        JobKey key = new JobKey(stub.namespace(), stub.id());
        try {
            JobRead read = nomad.readJob(stub.namespace(), stub.id());
            if (read.job().path("Stop").asBoolean(false)) {
                catalog.remove(key);
                changeListeners.forEach(listener -> listener.jobChanged(key, read.job(), null));
            } else {
                catalog.put(new IndexedJob(key, read.jobModifyIndex(), JobUsages.of(read.job()), false));
                changeListeners.forEach(listener -> listener.jobChanged(key, read.job(), null));
            }
        } catch (NomadException e) {
            if (e.error().retryable()) {
                throw e;
            }
            LOG.warn("event=index_read_failed namespace={} job={} reason=\"{}\"", stub.namespace(), stub.id(),
                    e.explained());
            if (e.error() instanceof NomadError.PermissionDenied) {
                // Read again when the job changes, or sooner when a redeploy reads it (learned).
                catalog.put(new IndexedJob(key, stub.jobModifyIndex(), List.of(), true));
            } else if (e.error() instanceof NomadError.NotFound) {
                catalog.remove(key); // deleted between list and read
            } else {
                // Indexed without usages so the explicit mapping still finds it; the next list reads it again.
                catalog.put(new IndexedJob(key, -1, List.of(), false));
            }
        }
    }

    private void markWarm() {
        if (warm) {
            return;
        }
        warm = true;
        problem = null;
        LOG.info("event=index_warm jobs={} read={} source={}", catalog.size(), Math.max(0, readsTotal),
                source.name().toLowerCase());
        warmListeners.forEach(Runnable::run);
    }

    /** Writes what changed since the last save; at most once a second unless {@code now}. */
    private void save(boolean now) {
        if (!now && System.nanoTime() - lastSaveNanos < SAVE_EVERY.toNanos()) {
            return;
        }
        lastSaveNanos = System.nanoTime();
        JobCatalog.Changes changes = catalog.takeUnsaved();
        if (changes.isEmpty()) {
            return;
        }
        try {
            saved.save(changes.changed(), changes.removed());
        } catch (RuntimeException e) {
            catalog.unsaved(changes);
            LOG.debug("event=index_save_failed jobs={} reason=\"{}\"", changes.changed().size(), e.getMessage());
        }
    }

    private void pause(Duration delay) {
        try {
            Thread.sleep(Math.max(1, delay.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Duration delay(int failures) {
        Duration delay = RETRY_INITIAL.multipliedBy(1L << Math.min(failures - 1, 16));
        return delay.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : delay;
    }

    private static JobKey keyOf(JsonNode job) {
        return new JobKey(job.path("Namespace").asText("default"), job.path("ID").asText());
    }

    /** Stops following Nomad and saves what was learned; the store must still be open. */
    @Override
    public void close() {
        running = false;
        StreamConnection open = connection;
        if (open != null) {
            open.close();
        }
        thread.interrupt();
        readers.shutdownNow();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save(true);
    }

    /** One open stream, read on its own thread into a queue so that the index can wait with a time-out. */
    private static final class StreamConnection implements AutoCloseable {
        private final JobEventStream stream;
        private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        StreamConnection(JobEventStream stream) {
            this.stream = stream;
            this.reader = new Thread(this::read, "job-events");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        private void read() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    lines.put(stream.next());
                }
            } catch (NomadException e) {
                lines.offer(e);
            } catch (InterruptedException e) {
                // closed
            }
        }

        /** A {@link JobEventStream.Line}, the {@link NomadException} that ended the stream, or null on time-out. */
        Object poll(long nanos) throws InterruptedException {
            return lines.poll(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            // The JDK's response stream only gives up a blocked read when its thread is interrupted.
            stream.close();
            reader.interrupt();
        }
    }
}
