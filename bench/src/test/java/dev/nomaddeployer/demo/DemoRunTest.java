package dev.nomaddeployer.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.testbed.ToolRequirement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code demo/run --until-done} as a newcomer runs it: the packaged jars (built by the reactor's package phase
 * before this module's tests), a real registry, the simulator and the service as separate processes.
 */
class DemoRunTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the test saw while the demo ran. */
    private record Seen(int lookAtStatus, URI lookAt, JsonNode deployments, List<Child> children, Path directory) {
    }

    /** The command line is read while the process runs: a dead one has none. */
    private record Child(ProcessHandle process, String commandLine) {
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void oneRolloutSucceedsOneIsRolledBackThePrintedAddressAnswersAndNothingIsLeftBehind() throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        DemoOptions options = new DemoOptions(packaged("deployer/target/nomad-deployer.jar"),
                packaged("testbed/target/nomad-sim.jar"), List.of("@" + ROOT.resolve("config/jvm.options")), true);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        AtomicReference<Seen> seen = new AtomicReference<>();

        boolean asDescribed = DemoMain.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8),
                demo -> seen.set(look(demo)), new CountDownLatch(1));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(asDescribed).as("every push ended as described:%n%s", output).isTrue();
        assertThat(output)
                .contains("ok  shop/web 1.5.0: registered/rolled_out")
                .contains("ok  payments/worker 2.4.0: registered/rolled_back")
                .contains(seen.get().lookAt().toString());
        assertThat(seen.get().lookAtStatus()).as("GET %s", seen.get().lookAt()).isEqualTo(200);

        JsonNode web = decision(seen.get().deployments(), "shop", "web", "1.5.0");
        assertThat(web.path("status").asText()).isEqualTo("registered");
        assertThat(web.path("rollout").path("status").asText()).isEqualTo("rolled_out");
        JsonNode worker = decision(seen.get().deployments(), "payments", "worker", "2.4.0");
        assertThat(worker.path("status").asText()).isEqualTo("registered");
        assertThat(worker.path("rollout").path("status").asText()).isEqualTo("rolled_back");
        assertThat(worker.path("rollout").path("rolled_back_to").asInt(-1)).as("the version it went back to").isZero();

        assertThat(seen.get().children()).as("the registry, the simulator and the service ran as processes")
                .extracting(Child::commandLine)
                .anySatisfy(command -> assertThat(command).contains("docker-registry"))
                .anySatisfy(command -> assertThat(command).contains("nomad-sim.jar"))
                .anySatisfy(command -> assertThat(command).contains("nomad-deployer.jar"));
        assertThat(seen.get().children()).as("processes still running after the demo ended")
                .noneMatch(child -> child.process().isAlive());
        assertThat(seen.get().directory()).as("the demo's temporary directory").doesNotExist();
    }

    private Seen look(Demo demo) {
        URI lookAt = demo.lookAt();
        List<Child> children = ProcessHandle.current().children()
                .map(child -> new Child(child, child.info().commandLine().orElse(""))).toList();
        return new Seen(demo.status(lookAt), lookAt, deployments(demo), children, demo.directory());
    }

    private JsonNode deployments(Demo demo) {
        HttpRequest request = HttpRequest.newBuilder(demo.service().resolve("/api/v1/deployments?per_page=100"))
                .header("Authorization", demo.apiAuthorization()).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /api/v1/deployments: %s", response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).path("deployments");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode decision(JsonNode deployments, String namespace, String job, String tag) {
        for (JsonNode entry : deployments) {
            if (namespace.equals(entry.path("namespace").asText()) && job.equals(entry.path("job").asText())
                    && tag.equals(entry.path("tag").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no decision for " + namespace + "/" + job + " " + tag + " in " + deployments);
    }

    private static Path packaged(String jar) {
        Path path = ROOT.resolve(jar);
        assertThat(path).as("%s: the reactor's package phase builds it before this module's tests (mvn -B verify)", jar)
                .isRegularFile();
        return path;
    }
}
