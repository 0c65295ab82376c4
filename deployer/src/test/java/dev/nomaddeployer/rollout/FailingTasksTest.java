package dev.nomaddeployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which words of Nomad a failed rollout reports: the failing allocations' task events. */
class FailingTasksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode alloc(String id, Boolean healthy, String client, String eventsJson) throws Exception {
        ObjectNode alloc = JSON.createObjectNode().put("ID", id).put("TaskGroup", "web").put("ClientStatus", client);
        if (healthy != null) {
            alloc.putObject("DeploymentStatus").put("Healthy", healthy);
        }
        alloc.putObject("TaskStates").putObject("web").set("Events", JSON.readTree(eventsJson));
        return alloc;
    }

    @Test
    void aPullFailureIsReportedWithTheDriversMessageNotTheRestartThatFollowed() throws Exception {
        ObjectNode failed = alloc("a1", false, "failed", """
                [{"Type":"Received","Time":1,"DisplayMessage":"Task received by client"},
                 {"Type":"Driver Failure","Time":2,"FailsTask":false,
                  "DisplayMessage":"Failed to pull `registry:5000/team/app:1.6.0`: manifest unknown"},
                 {"Type":"Restarting","Time":3,"DisplayMessage":"Task restarting in 15s"}]""");

        List<FailingTask> failing = FailingTasks.of(List.of(failed));

        assertThat(failing).containsExactly(new FailingTask("a1", "web", "web", "Driver Failure",
                "Failed to pull `registry:5000/team/app:1.6.0`: manifest unknown"));
        assertThat(failing.get(0).text())
                .isEqualTo("web: Driver Failure: Failed to pull `registry:5000/team/app:1.6.0`: manifest unknown");
    }

    @Test
    void healthyAllocationsAreNotNamedAndAtMostThreeAre() throws Exception {
        String events = """
                [{"Type":"Alloc Unhealthy","Time":5,"DisplayMessage":"Task not running for min_healthy_time of 10s by healthy_deadline of 5m0s"}]""";
        List<ObjectNode> allocs = List.of(alloc("ok", true, "running", "[]"), alloc("u1", false, "running", events),
                alloc("u2", false, "running", events), alloc("u3", false, "running", events),
                alloc("u4", false, "running", events), alloc("new", null, "pending", "[]"));

        assertThat(FailingTasks.of(allocs)).extracting(FailingTask::allocationId).containsExactly("u1", "u2", "u3");
        assertThat(FailingTasks.of(allocs).get(0).eventType()).isEqualTo("Alloc Unhealthy");
    }

    @Test
    void anEventNomadMarksAsFailingTheTaskWinsOverLaterOnes() throws Exception {
        ObjectNode alloc = alloc("a", false, "failed", """
                [{"Type":"Terminated","Time":4,"FailsTask":true,"DisplayMessage":"Exit Code: 1"},
                 {"Type":"Not Restarting","Time":5,"DisplayMessage":"Exceeded allowed attempts 2 in interval 30m0s"}]""");

        assertThat(FailingTasks.of(List.of(alloc)).get(0).text()).isEqualTo("web: Terminated: Exit Code: 1");
    }
}
