package dev.nomaddeployer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import dev.nomaddeployer.testbed.nomad.PlacementRule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code nomad-deployer plan REPO:TAG}: what a push would do, asked of Nomad, with nothing changed. */
class PlanCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private NomadSim nomad;

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static ObjectNode web(String id, String version) {
        ObjectNode job = JobFixtures.web();
        job.put("ID", id).put("Name", id);
        ((ObjectNode) job.get("Meta")).put("VERSION", version);
        return job;
    }

    @BeforeEach
    void cluster() {
        nomad = NomadSim.builder().build().start();
        nomad.registerJob(web("web", "1.5.0"));
        nomad.registerJob(web("web-edge", "latest"));
        nomad.registerJob(web("web-big", "1.5.0"));
        nomad.registerJob(web("web-current", "1.6.0"));
        nomad.registerJob(JobFixtures.api());
        nomad.awaitIdle(Duration.ofSeconds(30));
        nomad.resetRecords();
    }

    @AfterEach
    void stop() {
        nomad.close();
    }

    @Test
    void planPrintsEachJobsMoveSkipAndNomadsVerdictAndChangesNothing() {
        nomad.placementRule(PlacementRule.failGroup("web-big", "web", PlacementRule.PlacementFailure.exhausted(3,
                "memory")));
        long index = nomad.index();

        int code = run("plan", "team/web:1.6.0", "--registry", "registry.example:5000", "--nomad.url=" + nomad.baseUrl());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = printed.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("A push of registry.example:5000/team/web:1.6.0 would:");
        assertThat(lines.get(1)).isEqualTo("  default/web: would move VERSION 1.5.0 -> 1.6.0 (job meta, allowed by policy default); placement ok;"
                + " plan: job: Meta[VERSION] 1.5.0 -> 1.6.0; updates: group web: create/destroy update 1, ignore 1");
        assertThat(lines.get(2)).isEqualTo("  default/web-big: would move VERSION 1.5.0 -> 1.6.0 (job meta, allowed by policy default); placement"
                + " would fail: group web: 1 allocation not placed: resources exhausted on 3 nodes, dimension"
                + " \"memory\" exhausted on 3 nodes; plan: job: Meta[VERSION] 1.5.0 -> 1.6.0; updates: group web:"
                + " create/destroy update 1, ignore 1");
        // the planner's own reasons, printed as they are
        assertThat(lines.get(3)).startsWith("  default/web-current: nothing to do: ").contains("1.6.0");
        assertThat(lines.get(4)).startsWith("  default/web-edge: skipped: meta key VERSION used by task web/web not"
                + " changed: ").contains("latest");
        assertThat(nomad.index()).isEqualTo(index);
        assertThat(nomad.registrations()).isEmpty();
        assertThat(nomad.versions("default", "web")).hasSize(1);
        assertThat(nomad.requests()).noneSatisfy(r -> assertThat(r.method() + " " + r.path())
                .matches("(POST|PUT) /v1/job/[^/]+"));
    }

    @Test
    void jobsNamedInTheJobsMappingArePlannedByTheirVersionKeyAndAMissingOneIsNamed() {
        ObjectNode legacy = web("legacy", "1.0");
        JobFixtures.setImage(JobFixtures.task(legacy, 0, 0), "registry.example:5000/team/legacy:1.0");
        nomad.registerJob(legacy);
        nomad.awaitIdle(Duration.ofSeconds(30));

        assertThat(run("plan", "team/web:1.6.0", "--registry=registry.example:5000", "--jobs=team/web=legacy,ghost",
                "--nomad.url=" + nomad.baseUrl())).as(err.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).contains(
                "  default/legacy (jobs mapping): would move VERSION 1.0 -> 1.6.0 (job meta, allowed by policy default); placement ok; plan:"
                        + " job: Meta[VERSION] 1.0 -> 1.6.0; updates: group web: create/destroy update 1, ignore 1",
                "  ghost: named in the jobs mapping for team/web, but no namespace the token can list has it");
        assertThat(nomad.versions("default", "legacy")).hasSize(1);
    }

    @Test
    void aPushNoJobRunsSaysSo() {
        assertThat(run("plan", "team/unknown:2.0.0", "--registry=registry.example:5000",
                "--nomad.url=" + nomad.baseUrl())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing: no job runs registry.example:5000/team/unknown"
                + " with a tag taken from job meta");
    }

    @Test
    void withoutRegistryTheFirstConfiguredHostIsUsedAndWithoutEitherTheCommandSaysWhichIsMissing() {
        assertThat(run("plan", "team/api:3.3.0", "--registry.hosts=registry.example:5000,10.0.0.5:5000",
                "--nomad.url=" + nomad.baseUrl())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("A push of registry.example:5000/team/api:3.3.0",
                "default/api: would move API_VERSION 3.2.0 -> 3.3.0 (group api meta, allowed by policy default)");

        assertThat(run("plan", "team/api:3.3.0", "--nomad.url=" + nomad.baseUrl())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("which registry? give --registry HOST");
    }

    @Test
    void anImageWithoutATagIsBadInputNamingWhatIsExpected() {
        assertThat(run("plan", "team/web", "--registry", "registry.example:5000", "--nomad.url=" + nomad.baseUrl()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("expected REPO:TAG (e.g. team/app:1.6.0), got \"team/web\"");
    }

    @Test
    void anUnreachableNomadExitsOneNamingIt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertThat(run("plan", "team/web:1.6.0", "--registry", "registry.example:5000",
                "--nomad.url=http://127.0.0.1:" + port, "--nomad.timeout=2s")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("list jobs", "http://127.0.0.1:" + port, "unreachable");
    }
}
