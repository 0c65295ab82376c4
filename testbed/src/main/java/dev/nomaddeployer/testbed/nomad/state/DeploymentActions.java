package dev.nomaddeployer.testbed.nomad.state;

import static dev.nomaddeployer.testbed.go.GoStruct.bool;
import static dev.nomaddeployer.testbed.go.GoStruct.integer;
import static dev.nomaddeployer.testbed.go.GoStruct.str;
import static dev.nomaddeployer.testbed.go.GoStruct.stringList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.go.GoStruct;
import dev.nomaddeployer.testbed.nomad.Acl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The deployment endpoints beyond reads: {@code /v1/deployment/allocations/:id}, {@code promote/:id} and
 * {@code fail/:id} (command/agent/deployment_endpoint.go, nomad/deployment_endpoint.go, the deployment watcher
 * and StateStore.UpdateDeploymentPromotion; see docs/testbed-nomad-sim.md#deployments-and-allocations).
 */
public final class DeploymentActions {
    /** structs.DeploymentPromoteRequest with its WriteRequest. */
    static final GoStruct PROMOTE_REQUEST = new GoStruct("DeploymentPromoteRequest", List.of(
            str("DeploymentID"), bool("All"), stringList("Groups"), integer("PromotedAt", "int64"), str("Region"),
            str("Namespace"), str("AuthToken"), str("IdempotencyToken")));

    /** An answer of a deployment write: the body (structs.DeploymentUpdateResponse) and its index. */
    public record Result(ObjectNode response, long index) {}

    private final ClusterState state;
    private final JobWrites writes;

    public DeploymentActions(ClusterState state, JobWrites writes) {
        this.state = state;
        this.writes = writes;
    }

    /**
     * Deployment.Allocations: read-job on the request namespace (403), then the stubs of the deployment's
     * allocations ({@code []} for an unknown deployment, no 404), at the allocs table's index.
     */
    public Answer allocations(String deploymentId, String requestNamespace, Acl.Token token) {
        return state.read(() -> {
            JobReads.requireRead(token, requestNamespace);
            List<Alloc> allocs = state.allocsOf(deploymentId);
            // deployments do not span namespaces: the first allocation's namespace is checked
            if (!allocs.isEmpty() && !allocs.get(0).namespace.equals(requestNamespace)) {
                JobReads.requireRead(token, allocs.get(0).namespace);
            }
            ArrayNode stubs = GoJson.NODES.arrayNode();
            allocs.forEach(a -> stubs.add(a.stub()));
            return Answer.of(state.tableIndex(ClusterState.ALLOCS), stubs);
        });
    }

    /** {@code PUT|POST /v1/deployment/promote/:id}: the agent's body checks, then Deployment.Promote. */
    public Result promote(byte[] body, String pathId, Acl.Token token) {
        ObjectNode request = RequestBody.decode(body, PROMOTE_REQUEST);
        String id = request.path("DeploymentID").asText("");
        if (id.isEmpty()) {
            throw NomadError.badRequest("DeploymentID must be specified");
        }
        if (!id.equals(pathId)) {
            throw NomadError.badRequest("Deployment ID does not match");
        }
        Set<String> groups = new LinkedHashSet<>();
        request.path("Groups").forEach(g -> groups.add(g.asText()));
        boolean all = request.path("All").asBoolean(false);
        return state.transaction(() -> {
            ObjectNode deployment = lookUp(id, token);
            if (!Deployments.active(deployment)) {
                throw NomadError.server("can't promote terminal deployment");
            }
            return promote(deployment, all, groups);
        });
    }

    /**
     * StateStore.UpdateDeploymentPromotion: every promoted group with canaries needs as many healthy canaries as
     * it desires (else the multierror of `Task group "<g>" has <have>/<need> healthy allocations`); the
     * promotion, the watcher's eval and the canaries' flags are one entry. Called by the endpoint and by the
     * scheduler's auto-promotion, inside a transaction.
     */
    Result promote(ObjectNode deployment, boolean all, Set<String> groups) {
        String id = deployment.get("ID").asText();
        Set<String> promoted = new LinkedHashSet<>();
        deployment.get("TaskGroups").fieldNames().forEachRemaining(g -> {
            if (all || groups.contains(g)) {
                promoted.add(g);
            }
        });
        List<Alloc> promotable = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String g : promoted) {
            JsonNode dstate = deployment.get("TaskGroups").get(g);
            Set<String> placed = new LinkedHashSet<>();
            dstate.path("PlacedCanaries").forEach(c -> placed.add(c.asText()));
            List<Alloc> healthy = state.allocsOf(id).stream().filter(a -> a.group.equals(g) && placed.contains(a.id)
                    && !a.terminal() && Boolean.TRUE.equals(a.healthy)).toList();
            promotable.addAll(healthy);
            long need = dstate.get("DesiredCanaries").asLong();
            if (need > 0 && healthy.size() < need) {
                errors.add("Task group \"" + g + "\" has " + healthy.size() + "/" + need + " healthy allocations");
            }
        }
        if (!errors.isEmpty()) {
            throw NomadError.multi(errors);
        }
        JobEntry entry = state.job(deployment.get("Namespace").asText(), deployment.get("JobID").asText());
        return state.write(w -> {
            Deployments.promote(deployment, promoted, promotable, w);
            ObjectNode eval = watcherEval(w, entry, deployment, "DeploymentPromotion");
            return new Result(updateResponse(eval, w.index, null), w.index);
        });
    }

    /**
     * {@code PUT|POST /v1/deployment/fail/:id} (no body is read): Deployment.Fail's checks, then the watcher's
     * FailDeployment: `Deployment marked as failed` with the auto-revert suffixes, a rollback when a group asks
     * for it, and the watcher's eval, in one entry.
     */
    public Result fail(String pathId, Acl.Token token) {
        return state.transaction(() -> {
            ObjectNode deployment = lookUp(pathId, token);
            if (!Deployments.active(deployment)) {
                throw NomadError.server("can't fail terminal deployment");
            }
            JobEntry entry = state.job(deployment.get("Namespace").asText(), deployment.get("JobID").asText());
            return state.write(w -> {
                Long reverted = new AutoRevert(state, writes).fail(w, entry, deployment, "Deployment marked as failed");
                // a rollback's register already carries the watcher's one eval (JobWrites.storeRollback)
                List<ObjectNode> evals = state.evalsOf(entry.namespace(), entry.id());
                ObjectNode eval = reverted != null ? evals.get(evals.size() - 1)
                        : watcherEval(w, entry, deployment, "DeploymentStatusUpdate");
                return new Result(updateResponse(eval, w.index, reverted), w.index);
            });
        });
    }

    /** Both write RPCs: `missing deployment ID`, `deployment not found`, then submit-job on its namespace. */
    private ObjectNode lookUp(String id, Acl.Token token) {
        if (id.isEmpty()) {
            throw NomadError.server("missing deployment ID");
        }
        ObjectNode deployment = state.deployments().get(id);
        if (deployment == null) {
            throw NomadError.server("deployment not found");
        }
        if (!token.allows(deployment.get("Namespace").asText(), Acl.SUBMIT_JOB)) {
            throw NomadError.permissionDenied();
        }
        return deployment;
    }

    /** deploymentWatcher.getEval: TriggeredBy deployment-watcher, the deployment's EvalPriority (else the job's). */
    private ObjectNode watcherEval(ClusterState.Write w, JobEntry entry, ObjectNode deployment, String eventType) {
        long priority = deployment.path("EvalPriority").asLong(0);
        ObjectNode eval = writes.newEval(w, entry.job, "deployment-watcher",
                priority > 0 ? priority : entry.job.get("Priority").asLong(), 0);
        eval.put("DeploymentID", deployment.get("ID").asText());
        JobWrites.evalEvent(w, eval, eventType);
        return eval;
    }

    private static ObjectNode updateResponse(ObjectNode eval, long index, Long revertedVersion) {
        ObjectNode response = GoJson.object().put("EvalID", eval.get("ID").asText()).put("EvalCreateIndex", index)
                .put("DeploymentModifyIndex", index);
        if (revertedVersion == null) {
            response.putNull("RevertedJobVersion");
        } else {
            response.put("RevertedJobVersion", revertedVersion);
        }
        return response.put("Index", index);
    }
}
