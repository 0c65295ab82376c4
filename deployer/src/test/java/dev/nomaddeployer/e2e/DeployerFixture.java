package dev.nomaddeployer.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.App;
import dev.nomaddeployer.RunningDeployer;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.ToolRequirement;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.registry.ImagePusher;
import dev.nomaddeployer.testbed.registry.RegistryHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The whole chain for an end-to-end test: the Nomad simulator, the service in-process ({@link RunningDeployer}),
 * and a real registry whose notifications point at the service.
 */
final class DeployerFixture implements AutoCloseable {
    final NomadSim nomad;
    App app;
    final RegistryHarness registry;
    final ImagePusher pusher;

    private DeployerFixture(NomadSim nomad, App app, RegistryHarness registry) {
        this.nomad = nomad;
        this.app = app;
        this.registry = registry;
        this.pusher = registry == null ? null : new ImagePusher(registry.client());
    }

    static DeployerFixture start(Path dir, NomadSim nomad, List<String> extraFlags) throws Exception {
        return start(dir, nomad, extraFlags, Duration.ofSeconds(2));
    }

    static DeployerFixture start(Path dir, NomadSim nomad, List<String> extraFlags, Duration registryTimeout)
            throws Exception {
        return start(dir, nomad, extraFlags, registryTimeout, Clock.systemUTC());
    }

    /** The service reads the time from {@code clock} (the registry and Nomad keep the real time). */
    static DeployerFixture start(Path dir, NomadSim nomad, List<String> extraFlags, Duration registryTimeout,
                                 Clock clock) throws Exception {
        ToolRequirement.assumeInstalled("docker-registry");
        App app = RunningDeployer.start(dir, nomad.baseUrl(), extraFlags, clock).app();
        try {
            RegistryHarness registry = RegistryHarness.builder()
                    .notifyUrl(URI.create("http://127.0.0.1:" + app.address().getPort() + "/registry/callback"))
                    .timeout(registryTimeout).threshold(1).backoff(Duration.ofMillis(200))
                    .start();
            return new DeployerFixture(nomad, app, registry);
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
    }

    /** The service alone, for tests that drive its lifecycle themselves; see {@link RunningDeployer}. */
    static App startApp(Path dir, URI nomadUrl, List<String> extraFlags) throws Exception {
        return RunningDeployer.start(dir, nomadUrl, extraFlags).app();
    }

    String registryHost() {
        return registry.hostPort();
    }

    /** A job from the fixtures whose first task runs {@code repository} from this test's registry. */
    ObjectNode jobRunning(ObjectNode fixture, String id, String repository, String metaVariable) {
        ObjectNode job = fixture.deepCopy();
        job.put("ID", id);
        job.put("Name", id);
        JobFixtures.setImage(JobFixtures.task(job, 0, 0),
                registryHost() + "/" + repository + ":${NOMAD_META_" + metaVariable + "}");
        return job;
    }

    /** The fixture job {@code web} (job meta VERSION=1.5.0) with its task running {@code hostAndRepository}. */
    static ObjectNode webRunning(String hostAndRepository) {
        ObjectNode job = JobFixtures.web();
        JobFixtures.setImage(JobFixtures.task(job, 0, 0), hostAndRepository + ":${NOMAD_META_VERSION}");
        return job;
    }

    /**
     * Stops the service and starts it again with {@code extraFlags} on the same store and port, so the registry's
     * notifications reach the new one.
     */
    void restartApp(Path dir, List<String> extraFlags) throws Exception {
        int port = app.address().getPort();
        app.close();
        List<String> flags = new java.util.ArrayList<>(extraFlags);
        flags.add("--server.address=127.0.0.1:" + port);
        app = startApp(dir, nomad.baseUrl(), flags);
    }

    void awaitIdle() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(app::idle);
    }

    @Override
    public void close() throws Exception {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            app.close();
        }
    }
}
