package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import java.util.UUID;

/**
 * An allocation as far as the simulator follows it: identity, the deployment it belongs to, client status,
 * task states and deployment health, enough for the job status, the summary and
 * {@code /v1/deployment/allocations/:id} ({@link #stub}).
 */
final class Alloc {
    /** The one simulated client node. */
    static final String NODE_ID = "9f2a6c3e-1d4b-4a8e-b7c5-2e0f3d6a8b11";
    static final String NODE_NAME = "nomad-sim";

    final String id = UUID.randomUUID().toString();
    final String namespace;
    final String jobId;
    final String jobType;
    final String group;
    final long jobVersion;
    final String name;
    final String evalId;
    String deploymentId = "";
    String clientStatus = "pending";
    String clientDescription = "";
    boolean desiredStop;
    boolean canary;
    /** null until the client reports health for a deployment. */
    Boolean healthy;
    long healthTime;
    long healthIndex;
    /** Task name to Nomad's TaskState object; empty (JSON null) until the client first reports. */
    final ObjectNode taskStates = GoJson.object();
    final long createIndex;
    long modifyIndex;
    final long createTime;
    long modifyTime;

    Alloc(ObjectNode job, JsonNode group, int slot, String evalId, long index) {
        this.namespace = job.get("Namespace").asText();
        this.jobId = job.get("ID").asText();
        this.jobType = job.get("Type").asText();
        this.group = group.get("Name").asText();
        this.jobVersion = job.get("Version").asLong();
        this.name = jobId + "." + this.group + "[" + slot + "]";
        this.evalId = evalId;
        this.createIndex = index;
        this.modifyIndex = index;
        this.createTime = GoJson.nowNanos();
        this.modifyTime = createTime;
    }

    boolean terminal() {
        return clientStatus.equals("complete") || clientStatus.equals("failed") || clientStatus.equals("lost");
    }

    void client(String status, String description, long index) {
        clientStatus = status;
        clientDescription = description;
        touched(index);
    }

    void touched(long index) {
        modifyIndex = index;
        modifyTime = GoJson.nowNanos();
    }

    /** structs.Allocation.Stub(nil) as the deployment allocations endpoint returns it (Go field order). */
    ObjectNode stub() {
        ObjectNode s = GoJson.object().put("ID", id).put("EvalID", evalId).put("Name", name)
                .put("Namespace", namespace).put("NodeID", NODE_ID).put("NodeName", NODE_NAME)
                .put("JobID", jobId).put("JobType", jobType)
                .put("JobVersion", jobVersion).put("TaskGroup", group)
                .put("DesiredStatus", desiredStop ? "stop" : "run").put("DesiredDescription", "")
                .put("ClientStatus", clientStatus).put("ClientDescription", clientDescription);
        s.putObject("DesiredTransition").putNull("Migrate").putNull("Reschedule").putNull("ForceReschedule")
                .putNull("NoShutdownDelay");
        s.set("TaskStates", taskStates.isEmpty() ? GoJson.NODES.nullNode() : taskStates.deepCopy());
        if (healthy == null && !canary) {
            s.putNull("DeploymentStatus");
        } else {
            ObjectNode status = s.putObject("DeploymentStatus");
            if (healthy == null) {
                status.putNull("Healthy");
            } else {
                status.put("Healthy", healthy);
            }
            status.put("Timestamp", GoJson.time(healthTime)).put("Canary", canary).put("ModifyIndex", healthIndex);
        }
        s.put("FollowupEvalID", "").put("NextAllocation", "").putNull("RescheduleTracker")
                .putNull("PreemptedAllocations").put("PreemptedByAllocation", "")
                .put("CreateIndex", createIndex).put("ModifyIndex", modifyIndex)
                .put("CreateTime", createTime).put("ModifyTime", modifyTime);
        return s;
    }
}
