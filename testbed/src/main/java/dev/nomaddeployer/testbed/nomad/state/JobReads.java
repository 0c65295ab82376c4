package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.Acl;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The read endpoints of jobs, evaluations and deployments; each returns its body and index
 * (nomad-api.md#endpoint-index) and takes the state's lock itself.
 */
public final class JobReads {
    private final ClusterState state;

    public JobReads(ClusterState state) {
        this.state = state;
    }

    /** A deep copy of the stored job, for the test API. */
    public Optional<ObjectNode> storedJob(String namespace, String id) {
        return state.read(() -> {
            JobEntry entry = state.job(namespace, id);
            return Optional.ofNullable(entry == null ? null : entry.job.deepCopy());
        });
    }

    /** Deep copies of the stored versions, newest first. */
    public List<ObjectNode> storedVersions(String namespace, String id) {
        return state.read(() -> {
            JobEntry entry = state.job(namespace, id);
            return entry == null ? List.<ObjectNode>of() : entry.versions.stream().map(ObjectNode::deepCopy).toList();
        });
    }

    /** Deep copies of the job's deployments, oldest first. */
    public List<ObjectNode> storedDeployments(String namespace, String id) {
        return state.read(() -> state.deploymentsOf(namespace, id).stream().map(ObjectNode::deepCopy).toList());
    }

    public Answer job(String namespace, String id) {
        return state.read(() -> {
            JobEntry entry = state.job(namespace, id);
            if (entry == null) {
                return Answer.missing(state.tableIndex(ClusterState.JOBS), "job not found");
            }
            return Answer.of(entry.job.get("ModifyIndex").asLong(), entry.job.deepCopy());
        });
    }

    public Answer summary(String namespace, String id) {
        return state.read(() -> {
            JobEntry entry = state.job(namespace, id);
            if (entry == null) {
                return Answer.missing(state.tableIndex(ClusterState.SUMMARIES), "job not found");
            }
            return Answer.of(entry.summary.get("ModifyIndex").asLong(), entry.summary.deepCopy());
        });
    }

    public Answer versions(String namespace, String id, boolean diffs, String diffVersion, String diffTag) {
        return state.read(() -> {
            JobEntry entry = state.job(namespace, id);
            if (entry == null || entry.versions.isEmpty()) {
                // GetJobVersions reports the highest ModifyIndex of what it found: nothing found, index 0
                return Answer.missing(0, "job versions not found");
            }
            if (diffs && diffVersion != null && entry.versions.stream()
                    .noneMatch(v -> v.get("Version").asText().equals(diffVersion))) {
                throw NomadError.server("version " + diffVersion + " not found");
            }
            if (diffs && diffTag != null && entry.versions.stream()
                    .noneMatch(v -> v.path("VersionTag").path("Name").asText().equals(diffTag))) {
                throw NomadError.server("tag \"" + diffTag + "\" not found");
            }
            ArrayNode versions = GoJson.NODES.arrayNode();
            long index = 0;
            for (ObjectNode v : entry.versions) {
                versions.add(v.deepCopy());
                index = Math.max(index, v.get("ModifyIndex").asLong());
            }
            ObjectNode body = GoJson.object();
            body.set("Versions", versions);
            body.putNull("Diffs");
            body.put("Index", index).put("LastContact", 0L).put("KnownLeader", true).put("NextToken", "");
            return Answer.of(index, body);
        });
    }

    public Answer deployments(String namespace, String id, boolean all) {
        return state.read(() -> {
            JobEntry entry = state.job(namespace, id);
            ArrayNode list = GoJson.NODES.arrayNode();
            if (entry != null) {
                long createIndex = entry.job.get("CreateIndex").asLong();
                state.deploymentsOf(namespace, id).stream()
                        .filter(d -> all || d.get("JobCreateIndex").asLong() == createIndex)
                        .sorted(Comparator.comparing(d -> d.get("ID").asText()))
                        .forEach(d -> list.add(d.deepCopy()));
            }
            return Answer.of(state.tableIndex(ClusterState.DEPLOYMENTS), list);
        });
    }

    public Answer latestDeployment(String namespace, String id) {
        return state.read(() -> {
            JsonNode latest = state.deploymentsOf(namespace, id).stream()
                    .max(Comparator.comparingLong(d -> d.get("CreateIndex").asLong()))
                    .<JsonNode>map(ObjectNode::deepCopy).orElse(NullNode.instance);
            return Answer.of(state.tableIndex(ClusterState.DEPLOYMENTS), latest);
        });
    }

    public Answer evaluations(String namespace, String id) {
        return state.read(() -> {
            ArrayNode list = GoJson.NODES.arrayNode();
            state.evalsOf(namespace, id).forEach(e -> list.add(JobWrites.omitEmpty(e)));
            return Answer.of(state.tableIndex(ClusterState.EVALS), list);
        });
    }

    /** The request namespace is checked first (403); one the token cannot read hides the deployment (404). */
    public Answer deployment(String id, String requestNamespace, Acl.Token token) {
        return state.read(() -> {
            requireRead(token, requestNamespace);
            ObjectNode d = state.deployments().get(id);
            if (d == null || !token.allows(d.get("Namespace").asText(), Acl.READ_JOB)) {
                return Answer.missing(state.tableIndex(ClusterState.DEPLOYMENTS), "deployment not found");
            }
            return Answer.of(d.get("ModifyIndex").asLong(), d.deepCopy());
        });
    }

    /** The request namespace is checked first; an eval in a namespace the token cannot read is a 403. */
    public Answer evaluation(String id, String requestNamespace, Acl.Token token) {
        return state.read(() -> {
            requireRead(token, requestNamespace);
            ObjectNode e = state.evals().get(id);
            if (e == null) {
                return Answer.missing(state.tableIndex(ClusterState.EVALS), "eval not found");
            }
            requireRead(token, e.get("Namespace").asText());
            return Answer.of(e.get("ModifyIndex").asLong(), JobWrites.omitEmpty(e));
        });
    }

    public static void requireRead(Acl.Token token, String namespace) {
        if (!token.allows(namespace, Acl.READ_JOB)) {
            throw NomadError.permissionDenied();
        }
    }

    static List<String> sortedIds(List<ObjectNode> objects) {
        return objects.stream().map(o -> o.get("ID").asText()).sorted().toList();
    }
}
