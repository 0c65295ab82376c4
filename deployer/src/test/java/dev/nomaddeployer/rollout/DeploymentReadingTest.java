package dev.nomaddeployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobFixtures;
import org.junit.jupiter.api.Test;

/** How Nomad's deployment objects read as rollout statuses (the fixture is Nomad's answer for a successful one). */
class DeploymentReadingTest {

    private static ObjectNode deployment(String status, String description) {
        ObjectNode deployment = JobFixtures.load("deployment.json");
        return deployment.put("Status", status).put("StatusDescription", description);
    }

    @Test
    void aSuccessfulDeploymentIsRolledOutWithItsGroupCounts() {
        DeploymentReading reading = DeploymentReading.of(JobFixtures.load("deployment.json"));

        assertThat(reading.status()).isEqualTo(RolloutStatus.ROLLED_OUT);
        assertThat(reading.description()).isEqualTo("Deployment completed successfully");
        assertThat(reading.deploymentId()).isEqualTo("d23f0824-128b-4f33-8c5c-7fd0a6a3a450");
        assertThat(reading.jobVersion()).isEqualTo(1);
        assertThat(reading.modifyIndex()).isEqualTo(47);
        assertThat(reading.groups()).containsExactly(new GroupProgress("web", 2, 2, 2, 0, 0, false));
    }

    @Test
    void aFailureWithNomadsRollbackSuffixIsRolledBackToTheVersionNamed() {
        DeploymentReading reading = DeploymentReading.of(deployment("failed",
                "Failed due to unhealthy allocations - rolling back to job version 3"));

        assertThat(reading.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(reading.rolledBackTo()).isEqualTo(3L);
    }

    @Test
    void aFailureWithoutRollbackIsFailedEvenWhenNomadExplainsWhyItDidNotRevert() {
        for (String description : new String[] {"Failed due to progress deadline",
                "Failed due to unhealthy allocations - no stable job version to auto revert to",
                "Failed due to unhealthy allocations - not rolling back to stable job version 2 as current job has"
                        + " same specification"}) {
            DeploymentReading reading = DeploymentReading.of(deployment("failed", description));
            assertThat(reading.status()).as(description).isEqualTo(RolloutStatus.FAILED);
            assertThat(reading.rolledBackTo()).as(description).isNull();
        }
    }

    @Test
    void canariesWaitingForAManualPromotionAreAStateOfTheirOwn() {
        ObjectNode deployment = deployment("running", "Deployment is running but requires manual promotion");
        ((ObjectNode) deployment.path("TaskGroups").path("web")).put("DesiredCanaries", 1).put("AutoPromote", false);

        assertThat(DeploymentReading.of(deployment).status()).isEqualTo(RolloutStatus.AWAITING_PROMOTION);

        ((ObjectNode) deployment.path("TaskGroups").path("web")).put("AutoPromote", true);
        assertThat(DeploymentReading.of(deployment).status()).isEqualTo(RolloutStatus.ROLLING_OUT);
        ((ObjectNode) deployment.path("TaskGroups").path("web")).put("AutoPromote", false).put("Promoted", true);
        assertThat(DeploymentReading.of(deployment).status()).isEqualTo(RolloutStatus.ROLLING_OUT);
    }

    @Test
    void cancelledAndPausedDeploymentsReadAsCancelledAndRollingOut() {
        assertThat(DeploymentReading.of(deployment("cancelled", "Cancelled due to newer version of job")).status())
                .isEqualTo(RolloutStatus.CANCELLED);
        assertThat(DeploymentReading.of(deployment("paused", "Deployment is paused")).status())
                .isEqualTo(RolloutStatus.ROLLING_OUT);
    }
}
