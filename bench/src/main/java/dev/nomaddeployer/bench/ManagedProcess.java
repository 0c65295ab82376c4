package dev.nomaddeployer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM whose output goes to a file (a pipe nobody drains would block it). Closing it sends SIGTERM,
 * as an orchestrator would, and kills it only if it does not exit in time.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private ManagedProcess(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    public static ManagedProcess start(String name, List<String> command, Path workDir, Path log) {
        return start(name, command, Map.of(), workDir, log);
    }

    /** With {@code environment} added to this JVM's (a secret there stays out of the process list). */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment,
                                       Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        try {
            ManagedProcess managed = new ManagedProcess(name, builder.start(), log, started);
            LIVE.add(managed);
            return managed;
        } catch (IOException e) {
            throw new BenchFailure("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the process was spawned. */
    public long startedNanos() {
        return startedNanos;
    }

    public void requireAlive(String during) {
        if (!process.isAlive()) {
            throw new BenchFailure(name + " exited with status " + process.exitValue() + " " + during
                    + "; last output:\n" + logTail(30));
        }
    }

    /** Waits for a line of output matching {@code pattern}; returns its match. */
    public Matcher awaitOutput(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Matcher> found = readLog().lines().map(pattern::matcher).filter(Matcher::find).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            requireAlive("before printing a line matching /" + pattern + "/");
            pause(Duration.ofMillis(20));
        }
        throw new BenchFailure(name + " printed no line matching /" + pattern + "/ within " + timeout.toSeconds()
                + " s; last output:\n" + logTail(30));
    }

    public String logTail(int lines) {
        List<String> all = readLog().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** For a shutdown hook: the benchmark itself was interrupted (Ctrl-C, SIGTERM) mid-run. */
    public static void stopAll() {
        LIVE.forEach(ManagedProcess::close);
    }

    /** SIGTERM, then SIGKILL after the grace period; safe to call twice. */
    @Override
    public void close() {
        LIVE.remove(this);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("bench: " + name + " ignored SIGTERM for " + GRACE.toSeconds() + " s; killing it");
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted");
        }
    }
}
