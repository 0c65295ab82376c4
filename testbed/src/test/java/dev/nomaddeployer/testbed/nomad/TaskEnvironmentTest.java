package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** nomad-api.md#effective-meta to #meta-variables: how a client would resolve meta in task config. */
class TaskEnvironmentTest {

    @Test
    @DisplayName("effective-meta: task meta beats group meta beats job meta")
    void taskMetaBeatsGroupMetaBeatsJobMeta() {
        ObjectNode job = SimTestBase.minimalJob("web", "job");
        ((ObjectNode) job.at("/TaskGroups/0")).putObject("Meta").put("VERSION", "group").put("ONLY_GROUP", "g");
        assertThat(TaskEnvironment.effectiveMeta(job, "web", "web")).containsEntry("VERSION", "group")
                .containsEntry("ONLY_GROUP", "g");
        ((ObjectNode) job.at("/TaskGroups/0/Tasks/0")).putObject("Meta").put("VERSION", "task");
        assertThat(TaskEnvironment.effectiveMeta(job, "web", "web")).containsEntry("VERSION", "task");
    }

    @Test
    @DisplayName("meta-variables: NOMAD_META_<UPPER> and NOMAD_META_<as written> resolve; ${meta.x} is node meta")
    void metaVariablesResolveInBothSpellings() {
        ObjectNode job = SimTestBase.minimalJob("web", "1");
        ((ObjectNode) job.get("Meta")).put("version", "2.0.1");
        String image = "registry:5000/team/web:${NOMAD_META_version}-${NOMAD_META_VERSION}-${meta.rack}";
        assertThat(TaskEnvironment.interpolate(image, job, "web", "web"))
                .isEqualTo("registry:5000/team/web:2.0.1-2.0.1-${meta.rack}");
    }
}
