package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Register details beyond docs/nomad-api.md, as read in Nomad v1.10.5 (see docs/nomad-source-notes.md):
 * validation order, canonical defaults per job type, request fields the agent never copies.
 */
class SourceCheckedRegisterTest extends SimTestBase {

    @Test
    @DisplayName("register-server-checks: validation lists Job.Validate's errors first and the priority range last")
    void validationErrorsComeInJobValidateOrderWithPriorityLast() {
        ObjectNode job = SimHttp.MAPPER.createObjectNode().put("ID", "web").put("Type", "").put("Priority", -5);
        SimHttp.Response r = http.post("/v1/jobs", body(job));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("3 errors occurred:\n\t* Missing job type\n\t* Missing job task groups\n"
                + "\t* job priority must be between [1, 100]\n\n");
    }

    @Test
    @DisplayName("canonical-defaults: a priority of 0 is stored as the server default 50")
    void zeroPriorityBecomesServerDefault() {
        assertThat(register(minimalJob("web", "1").put("Priority", 0)).status()).isEqualTo(200);
        assertThat(http.get("/v1/job/web").json().get("Priority").asInt()).isEqualTo(50);
    }

    @Test
    @DisplayName("canonical-defaults: sysbatch groups get the batch restart policy and an all-zero reschedule policy")
    void sysbatchGroupGetsBatchRestartAndZeroReschedule() {
        register(minimalJob("sweep", "1").put("Type", "sysbatch"));
        JsonNode group = http.get("/v1/job/sweep").json().at("/TaskGroups/0");
        assertThat(group.at("/RestartPolicy/Attempts").asInt()).isEqualTo(3);
        assertThat(group.at("/RestartPolicy/Interval").asLong()).isEqualTo(24 * 3600 * 1_000_000_000L);
        assertThat(group.get("ReschedulePolicy").toString()).isEqualTo("{\"Attempts\":0,\"Interval\":0,"
                + "\"Delay\":0,\"DelayFunction\":\"\",\"MaxDelay\":0,\"Unlimited\":false}");
        assertThat(group.get("Migrate").isNull()).isTrue();
    }

    @Test
    @DisplayName("canonical-defaults: system groups get the service restart policy and no reschedule policy")
    void systemGroupGetsServiceRestartAndNoReschedule() {
        register(minimalJob("agent", "1").put("Type", "system"));
        JsonNode group = http.get("/v1/job/agent").json().at("/TaskGroups/0");
        assertThat(group.at("/RestartPolicy/Attempts").asInt()).isEqualTo(2);
        assertThat(group.get("ReschedulePolicy").isNull()).isTrue();
    }

    @Test
    @DisplayName("canonical-defaults: an explicit Cores 0 without CPU leaves CPU at 0 (the default needs Cores unset)")
    void explicitZeroCoresSuppressesCpuDefault() {
        ObjectNode job = minimalJob("web", "1");
        ((ObjectNode) job.at("/TaskGroups/0/Tasks/0")).putObject("Resources").put("Cores", 0);
        register(job);
        JsonNode resources = http.get("/v1/job/web").json().at("/TaskGroups/0/Tasks/0/Resources");
        assertThat(resources.get("CPU").asInt()).isZero();
        assertThat(resources.get("MemoryMB").asInt()).isEqualTo(300);
    }

    @Test
    @DisplayName("canonical-defaults: an unnamed task identity becomes the default one with Nomad's audience")
    void unnamedIdentityBecomesDefaultIdentity() {
        ObjectNode job = minimalJob("web", "1");
        ((ObjectNode) job.at("/TaskGroups/0/Tasks/0")).putObject("Identity").put("Env", true)
                .putArray("Audience").add("other");
        register(job);
        JsonNode identity = http.get("/v1/job/web").json().at("/TaskGroups/0/Tasks/0/Identity");
        assertThat(identity.get("Name").asText()).isEqualTo("default");
        assertThat(identity.get("Audience").toString()).isEqualTo("[\"nomadproject.io\"]");
        assertThat(identity.get("Env").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("ignored-fields: ParentID, ConsulNamespace and Dispatched in a register body are dropped")
    void fieldsTheAgentNeverCopiesAreDropped() {
        register(minimalJob("web", "1").put("ParentID", "parent").put("ConsulNamespace", "team")
                .put("Dispatched", true).put("DispatchIdempotencyToken", "tok"));
        JsonNode job = http.get("/v1/job/web").json();
        assertThat(job.get("ParentID").asText()).isEmpty();
        assertThat(job.get("ConsulNamespace").asText()).isEmpty();
        assertThat(job.get("Dispatched").asBoolean()).isFalse();
        assertThat(job.get("DispatchIdempotencyToken").asText()).isEmpty();
    }
}
