package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;

/** The read endpoints of jobs, evaluations and deployments; each returns its body and index (rule 19). */
final class JobReads {
    private final ClusterState state;

    JobReads(ClusterState state) {
        this.state = state;
    }

    Blocking.Answer job(String namespace, String id) {
        JobEntry entry = state.job(namespace, id);
        if (entry == null) {
            return Blocking.Answer.missing(state.tableIndex(ClusterState.JOBS), "job not found");
        }
        return Blocking.Answer.of(entry.job.get("ModifyIndex").asLong(), entry.job.deepCopy());
    }

    Blocking.Answer summary(String namespace, String id) {
        JobEntry entry = state.job(namespace, id);
        if (entry == null) {
            return Blocking.Answer.missing(state.tableIndex(ClusterState.SUMMARIES), "job not found");
        }
        return Blocking.Answer.of(entry.summary.get("ModifyIndex").asLong(), entry.summary.deepCopy());
    }

    Blocking.Answer versions(String namespace, String id, Query q) {
        JobEntry entry = state.job(namespace, id);
        if (entry == null || entry.versions.isEmpty()) {
            // GetJobVersions reports the highest ModifyIndex of what it found: nothing found, index 0
            return Blocking.Answer.missing(0, "job versions not found");
        }
        String diffVersion = q.get("diff_version");
        if (q.flag("diffs") && diffVersion != null && entry.versions.stream()
                .noneMatch(v -> v.get("Version").asText().equals(diffVersion))) {
            throw NomadError.server("version " + diffVersion + " not found");
        }
        String diffTag = q.get("diff_tag");
        if (q.flag("diffs") && diffTag != null && entry.versions.stream()
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
        return Blocking.Answer.of(index, body);
    }

    Blocking.Answer deployments(String namespace, String id, boolean all) {
        JobEntry entry = state.job(namespace, id);
        ArrayNode list = GoJson.NODES.arrayNode();
        if (entry != null) {
            long createIndex = entry.job.get("CreateIndex").asLong();
            state.deploymentsOf(namespace, id).stream()
                    .filter(d -> all || d.get("JobCreateIndex").asLong() == createIndex)
                    .sorted(Comparator.comparing(d -> d.get("ID").asText()))
                    .forEach(d -> list.add(d.deepCopy()));
        }
        return Blocking.Answer.of(state.tableIndex(ClusterState.DEPLOYMENTS), list);
    }

    Blocking.Answer latestDeployment(String namespace, String id) {
        JsonNode latest = state.deploymentsOf(namespace, id).stream()
                .max(Comparator.comparingLong(d -> d.get("CreateIndex").asLong()))
                .<JsonNode>map(ObjectNode::deepCopy).orElse(NullNode.instance);
        return Blocking.Answer.of(state.tableIndex(ClusterState.DEPLOYMENTS), latest);
    }

    Blocking.Answer evaluations(String namespace, String id) {
        ArrayNode list = GoJson.NODES.arrayNode();
        state.evalsOf(namespace, id).forEach(e -> list.add(JobWrites.omitEmpty(e)));
        return Blocking.Answer.of(state.tableIndex(ClusterState.EVALS), list);
    }

    /** The request namespace is checked first (403); one the token cannot read hides the deployment (404). */
    Blocking.Answer deployment(String id, String requestNamespace, Acl.Token token) {
        requireRead(token, requestNamespace);
        ObjectNode d = state.deployments.get(id);
        if (d == null || !token.allows(d.get("Namespace").asText(), Acl.READ_JOB)) {
            return Blocking.Answer.missing(state.tableIndex(ClusterState.DEPLOYMENTS), "deployment not found");
        }
        return Blocking.Answer.of(d.get("ModifyIndex").asLong(), d.deepCopy());
    }

    /** The request namespace is checked first; an eval in a namespace the token cannot read is a 403. */
    Blocking.Answer evaluation(String id, String requestNamespace, Acl.Token token) {
        requireRead(token, requestNamespace);
        ObjectNode e = state.evals.get(id);
        if (e == null) {
            return Blocking.Answer.missing(state.tableIndex(ClusterState.EVALS), "eval not found");
        }
        requireRead(token, e.get("Namespace").asText());
        return Blocking.Answer.of(e.get("ModifyIndex").asLong(), JobWrites.omitEmpty(e));
    }

    static void requireRead(Acl.Token token, String namespace) {
        if (!token.allows(namespace, Acl.READ_JOB)) {
            throw NomadError.permissionDenied();
        }
    }

    static List<String> sortedIds(List<ObjectNode> objects) {
        return objects.stream().map(o -> o.get("ID").asText()).sorted().toList();
    }
}
