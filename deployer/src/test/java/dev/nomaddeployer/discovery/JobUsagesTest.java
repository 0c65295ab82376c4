package dev.nomaddeployer.discovery;

import static dev.nomaddeployer.discovery.JobFixtures.addTask;
import static dev.nomaddeployer.discovery.JobFixtures.group;
import static dev.nomaddeployer.discovery.JobFixtures.meta;
import static dev.nomaddeployer.discovery.JobFixtures.setImage;
import static dev.nomaddeployer.discovery.JobFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.image.ImageTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobUsagesTest {

    @Test
    void jobMetaKeyIsFoundForTheWebFixture() {
        String image = "registry.example:5000/team/web:${NOMAD_META_VERSION}";

        assertThat(JobUsages.of(JobFixtures.web())).containsExactly(new JobUsage("default", "web", "web", "web",
                image, ImageTemplate.parse(image).orElseThrow(), "VERSION", MetaLevel.JOB, "1.5.0"));
    }

    @Test
    void groupMetaKeyIsFoundForTheApiFixture() {
        assertThat(JobUsages.of(JobFixtures.api())).singleElement().satisfies(usage -> {
            assertThat(usage.template().repository()).isEqualTo("team/api");
            assertThat(usage.metaKey()).isEqualTo("API_VERSION");
            assertThat(usage.definedAt()).isEqualTo(MetaLevel.GROUP);
            assertThat(usage.currentValue()).isEqualTo("3.2.0");
        });
    }

    @Test
    void taskMetaKeyIsFoundForTheWorkerFixtureInItsNamespace() {
        assertThat(JobUsages.of(JobFixtures.worker())).singleElement().satisfies(usage -> {
            assertThat(usage.namespace()).isEqualTo("batch");
            assertThat(usage.taskPath()).isEqualTo("worker/worker");
            assertThat(usage.metaKey()).isEqualTo("WORKER_VERSION");
            assertThat(usage.definedAt()).isEqualTo(MetaLevel.TASK);
            assertThat(usage.currentValue()).isEqualTo("2.3.0");
        });
    }

    @Test
    void taskMetaOverridesGroupMetaWhichOverridesJobMeta() {
        ObjectNode job = JobFixtures.web();
        meta(group(job, 0)).put("VERSION", "from-group");
        meta(task(job, 0, 0)).put("VERSION", "from-task");
        JobFixtures.addGroup(job, "other").putNull("Meta");
        task(job, 1, 0).putNull("Meta");
        addTask(job, 0, "sidecar", "registry.example:5000/team/web:${NOMAD_META_VERSION}");

        assertThat(JobUsages.of(job)).extracting(JobUsage::taskPath, JobUsage::definedAt, JobUsage::currentValue)
                .containsExactly(
                        tuple("web/web", MetaLevel.TASK, "from-task"),
                        tuple("web/sidecar", MetaLevel.GROUP, "from-group"),
                        tuple("other/other", MetaLevel.JOB, "1.5.0"));
    }

    /** Nomad exports key k as NOMAD_META_<K upper-cased> and NOMAD_META_<k>, unsafe characters as '_'. */
    @ParameterizedTest(name = "key {0} via variable {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            VERSION,      VERSION,      VERSION
            version,      VERSION,      version
            version,      version,      version
            Version,      VERSION,      Version
            Version,      Version,      Version
            VERSION,      version,      -
            app-version,  APP_VERSION,  app-version
            app-version,  app_version,  app-version
            app-version,  app-version,  -
            app.version,  APP.VERSION,  app.version
            v2,           V2,           v2
            """)
    void metaVariableResolvesKeysTheWayNomadExportsThem(String key, String variable, String resolved) {
        ObjectNode job = JobFixtures.web();
        meta(job).removeAll().put(key, "1.0");
        setImage(task(job, 0, 0), "registry.example:5000/team/web:${NOMAD_META_" + variable + "}");

        JobUsage usage = JobUsages.of(job).get(0);

        assertThat(usage.definedAt()).isEqualTo(resolved == null ? null : MetaLevel.JOB);
        assertThat(usage.metaKey()).isEqualTo(resolved == null ? variable : resolved);
    }

    @Test
    void keyWrittenExactlyAsTheVariableWinsWhenTwoKeysExportTheSameName() {
        ObjectNode job = JobFixtures.web();
        meta(task(job, 0, 0)).put("version", "task-lower");

        JobUsage usage = JobUsages.of(job).get(0);

        assertThat(usage.metaKey()).isEqualTo("VERSION");
        assertThat(usage.definedAt()).isEqualTo(MetaLevel.JOB);
    }

    @Test
    void undefinedKeyIsReportedWithTheVariableNameAndNoLevel() {
        ObjectNode job = JobFixtures.web();
        job.putNull("Meta");

        assertThat(JobUsages.of(job)).singleElement().satisfies(usage -> {
            assertThat(usage.metaKey()).isEqualTo("VERSION");
            assertThat(usage.definedAt()).isNull();
            assertThat(usage.currentValue()).isNull();
            assertThat(usage.isResolved()).isFalse();
        });
    }

    @Test
    void everyTemplatedImageOfAJobIsAUsageEachWithItsOwnKey() {
        ObjectNode job = JobFixtures.web();
        meta(job).put("PROXY_VERSION", "2.0");
        addTask(job, 0, "proxy", "registry.example:5000/team/proxy:v${NOMAD_META_PROXY_VERSION}");
        addTask(job, 0, "pinned", "registry.example:5000/team/pinned:1.0");
        addTask(job, 0, "hub", "nginx:${NOMAD_META_VERSION}-alpine");

        assertThat(JobUsages.of(job)).extracting(JobUsage::task, u -> u.template().name(), JobUsage::metaKey)
                .containsExactly(
                        tuple("web", "registry.example:5000/team/web", "VERSION"),
                        tuple("proxy", "registry.example:5000/team/proxy", "PROXY_VERSION"),
                        tuple("hub", "docker.io/library/nginx", "VERSION"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"exec", "raw_exec", "java", "qemu", ""})
    void tasksOfDriversWithoutImagesAreNotUsages(String driver) {
        ObjectNode job = JobFixtures.web();
        task(job, 0, 0).put("Driver", driver);

        assertThat(JobUsages.of(job)).isEmpty();
    }

    @Test
    void podmanTasksAreUsagesLikeDockerTasks() {
        ObjectNode job = JobFixtures.web();
        task(job, 0, 0).put("Driver", "podman");

        assertThat(JobUsages.of(job)).hasSize(1);
    }

    @Test
    void jobWithoutGroupsTasksConfigOrMetaHasNoUsages() {
        ObjectNode noGroups = JobFixtures.web().putNull("TaskGroups");
        ObjectNode noTasks = JobFixtures.web();
        group(noTasks, 0).putNull("Tasks");
        ObjectNode noConfig = JobFixtures.web();
        task(noConfig, 0, 0).putNull("Config");

        assertThat(List.of(noGroups, noTasks, noConfig)).allSatisfy(job -> assertThat(JobUsages.of(job)).isEmpty());
    }
}
