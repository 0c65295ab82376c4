package dev.nomaddeployer.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external command-line tool, bounded in time, its standard output and error captured whole
 * (through files, so a tool that writes much to both never blocks on a full pipe). What a run ended as is an
 * {@link Outcome}; each tool's wrapper turns it into its own result or exception.
 */
public final class CapturedRun {
    private CapturedRun() {}

    public sealed interface Outcome {}

    /** The tool exited by itself. */
    public record Exited(int exitCode, String stdout, String stderr) implements Outcome {}

    /** The tool ran past the time-out and was killed; what it had printed until then. */
    public record TimedOut(String stdout, String stderr) implements Outcome {}

    /** The tool could not be started at all (missing, not executable). */
    public record NotStarted(String reason) implements Outcome {}

    /** The waiting thread was interrupted; the tool was killed and the interrupt flag is set again. */
    public record Interrupted() implements Outcome {}

    /** Runs {@code builder}'s command (its output redirections are replaced) for at most {@code timeout}. */
    public static Outcome run(ProcessBuilder builder, Duration timeout, String tempPrefix) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile(tempPrefix, ".out");
            err = Files.createTempFile(tempPrefix, ".err");
            Process process;
            try {
                process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                return new NotStarted(e.getMessage());
            }
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                return new Interrupted();
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            return finished ? new Exited(process.exitValue(), stdout, stderr) : new TimedOut(stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot capture the output of " + String.join(" ", builder.command()), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** What a tool's exception says when it did not exit by itself: killed after {@code timeout}, not started, interrupted. */
    public static String whyNotExited(Outcome outcome, Duration timeout) {
        if (outcome instanceof TimedOut) {
            return "did not finish within " + timeout + " and was killed";
        }
        if (outcome instanceof NotStarted notStarted) {
            return "could not start (" + notStarted.reason() + ")";
        }
        return "was interrupted";
    }

    /** What the tool printed, standard error first; empty when it never ran. */
    public static String output(Outcome outcome) {
        if (outcome instanceof Exited exited) {
            return exited.stderr() + exited.stdout();
        }
        return outcome instanceof TimedOut timedOut ? timedOut.stderr() + timedOut.stdout() : "";
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless; the result is what matters
            }
        }
    }
}
