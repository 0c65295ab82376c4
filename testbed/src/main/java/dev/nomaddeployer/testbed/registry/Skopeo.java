package dev.nomaddeployer.testbed.registry;

import dev.nomaddeployer.testbed.ToolRequirement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code skopeo} against a {@link RegistryHarness}: the same client (and so the same
 * notification sequence) as the captures in the fixtures. Every run is bounded in time, talks plain HTTP
 * to the loopback registry and ignores the host's signature policy, which has nothing to say about a
 * throw-away registry.
 */
public final class Skopeo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path executable;
    private final Duration timeout;

    /** {@code skopeo} from PATH (else {@code /usr/bin/skopeo}), 60 s per command. */
    public Skopeo() {
        this(ToolRequirement.locate("skopeo").orElse(Path.of("/usr/bin/skopeo")), Duration.ofSeconds(60));
    }

    public Skopeo(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** A finished command with its captured output. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    }

    /** {@code skopeo copy oci:DIR:REF docker://HOST/REPOSITORY:TAG} of a single image. */
    public Result copy(OciLayout source, String hostPort, String repository, String tag) {
        return copy(source.transportReference(), dockerReference(hostPort, repository, tag));
    }

    /** {@code skopeo copy --all}: every platform manifest of an index (pushed untagged), then the index with the tag. */
    public Result copyAll(OciLayout source, String hostPort, String repository, String tag) {
        return copy(source.transportReference(), dockerReference(hostPort, repository, tag), "--all");
    }

    /** Any {@code skopeo copy SOURCE DESTINATION}, with extra copy options such as {@code --format v2s2}. */
    public Result copy(String source, String destination, String... options) {
        List<String> args = new ArrayList<>(List.of("copy", "--src-tls-verify=false", "--dest-tls-verify=false"));
        args.addAll(List.of(options));
        args.add(source);
        args.add(destination);
        return run(args);
    }

    /** {@code skopeo inspect}: the image's config summary (digest, architecture, labels, layers…). */
    public JsonNode inspect(String hostPort, String repository, String reference) {
        return parse(run(List.of("inspect", "--tls-verify=false", dockerReference(hostPort, repository, reference))));
    }

    /** {@code skopeo inspect --raw}: the manifest (or index) exactly as the registry serves it. */
    public JsonNode inspectRaw(String hostPort, String repository, String reference) {
        return parse(run(List.of("inspect", "--raw", "--tls-verify=false", dockerReference(hostPort, repository, reference))));
    }

    /** {@code docker://HOST/REPOSITORY:TAG}, or {@code @DIGEST} when the reference is a digest. */
    public static String dockerReference(String hostPort, String repository, String reference) {
        String separator = reference.startsWith("sha256:") ? "@" : ":";
        return "docker://" + hostPort + "/" + repository + separator + reference;
    }

    /** Runs {@code skopeo --insecure-policy ARGS}; throws {@link SkopeoException} unless it exits 0 in time. */
    public Result run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--insecure-policy"));
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("skopeo-", ".out");
            err = Files.createTempFile("skopeo-", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                throw new SkopeoException(command, "could not start (" + e.getMessage() + ")", "");
            }
            boolean finished = waitFor(process, command);
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (!finished) {
                throw new SkopeoException(command, "did not finish within " + timeout + " and was killed", stderr + stdout);
            }
            if (process.exitValue() != 0) {
                throw new SkopeoException(command, "exited with " + process.exitValue(), stderr + stdout);
            }
            return new Result(List.copyOf(command), 0, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot capture the output of " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private boolean waitFor(Process process, List<String> command) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SkopeoException(command, "was interrupted", "");
        }
    }

    private static JsonNode parse(Result result) {
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new SkopeoException(result.command(), "printed something that is not JSON", result.stdout());
        }
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
