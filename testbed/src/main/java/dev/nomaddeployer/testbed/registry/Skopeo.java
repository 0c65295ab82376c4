package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.testbed.CapturedRun;
import dev.nomaddeployer.testbed.ToolRequirement;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        CapturedRun.Outcome outcome = CapturedRun.run(builder, timeout, "skopeo-");
        if (outcome instanceof CapturedRun.Exited exited) {
            if (exited.exitCode() != 0) {
                throw new SkopeoException(command, "exited with " + exited.exitCode(), CapturedRun.output(outcome));
            }
            return new Result(List.copyOf(command), 0, exited.stdout(), exited.stderr());
        }
        throw new SkopeoException(command, CapturedRun.whyNotExited(outcome, timeout), CapturedRun.output(outcome));
    }

    private static JsonNode parse(Result result) {
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new SkopeoException(result.command(), "printed something that is not JSON", result.stdout());
        }
    }
}
