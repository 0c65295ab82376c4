package dev.nomaddeployer.testbed.nomad.state;

import static dev.nomaddeployer.testbed.go.GoStruct.integer;
import static dev.nomaddeployer.testbed.go.GoStruct.str;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.go.GoStruct;
import dev.nomaddeployer.testbed.nomad.Acl;
import java.util.List;

/**
 * Job version tags (Nomad 1.9+): {@code PUT|POST|DELETE /v1/job/:id/versions/:name/tag}, Job.TagVersion and
 * StateStore.UpdateJobVersionTag (see docs/nomad-source-notes.md#version-tags).
 */
public final class JobVersionTags {
    /** api.TagVersionRequest with its WriteRequest; the namespace, region and token come from the request. */
    static final GoStruct TAG_REQUEST = new GoStruct("TagVersionRequest", List.of(
            integer("Version", "uint64"), str("Description"), str("Region"), str("Namespace"), str("SecretID"),
            str("IdempotencyToken")));

    /** The answer (structs.JobTagResponse with its QueryMeta) and the Raft index it was written at. */
    public record Result(ObjectNode response, long index) {}

    private final ClusterState state;

    public JobVersionTags(ClusterState state) {
        this.state = state;
    }

    /** Tags {@code version} (from the body) with {@code name}; a tag of that name on the same version is replaced. */
    public Result tag(String namespace, String jobId, String name, byte[] body, Acl.Token token) {
        ObjectNode request = RequestBody.decode(body, TAG_REQUEST);
        requireSubmit(token, namespace);
        long version = request.path("Version").asLong(0);
        long taggedTime = GoJson.nowNanos();
        ObjectNode tag = GoJson.object().put("Name", name).put("Description", request.path("Description").asText(""))
                .put("TaggedTime", taggedTime);
        return state.transaction(() -> {
            JobEntry entry = state.job(namespace, jobId);
            List<ObjectNode> versions = entry == null ? List.of() : entry.versions;
            ObjectNode target = null;
            for (ObjectNode v : versions) {
                if (v.path("VersionTag").path("Name").asText("\0").equals(name) && v.get("Version").asLong() != version) {
                    throw NomadError.server("tag \"" + name + "\" already exists on a different version of job \""
                            + jobId + "\"");
                }
                if (v.get("Version").asLong() == version) {
                    target = v;
                }
            }
            if (target == null) {
                throw NomadError.server("job \"" + jobId + "\" version " + version + " not found");
            }
            ObjectNode tagged = target;
            return state.write(w -> {
                setTag(w, entry, tagged, tag.deepCopy());
                return new Result(response(name, tag.get("Description").asText(), taggedTime, w.index), w.index);
            });
        });
    }

    /** Removes the tag {@code name} from whichever version carries it. */
    public Result untag(String namespace, String jobId, String name, Acl.Token token) {
        requireSubmit(token, namespace);
        return state.transaction(() -> {
            JobEntry entry = state.job(namespace, jobId);
            ObjectNode target = entry == null ? null : entry.versions.stream()
                    .filter(v -> v.path("VersionTag").path("Name").asText("\0").equals(name)).findFirst().orElse(null);
            if (target == null) {
                throw NomadError.server("tag \"" + name + "\" not found on job \"" + jobId + "\"");
            }
            return state.write(w -> {
                setTag(w, entry, target, null);
                return new Result(response("", "", 0, w.index), w.index);
            });
        });
    }

    /**
     * The version entry gets the tag and a new ModifyIndex; when it is the current version, the job in the jobs
     * table too. The write uses a plain transaction without a message type, so it publishes no event.
     */
    private static void setTag(ClusterState.Write w, JobEntry entry, ObjectNode version, ObjectNode tag) {
        if (tag == null) {
            version.putNull("VersionTag");
        } else {
            version.set("VersionTag", tag);
        }
        version.put("ModifyIndex", w.index);
        w.touch(ClusterState.VERSIONS);
        if (version.get("Version").asLong() == entry.version()) {
            entry.job.set("VersionTag", tag == null ? GoJson.NODES.nullNode() : tag.deepCopy());
            entry.job.put("ModifyIndex", w.index);
            w.touch(ClusterState.JOBS);
        }
    }

    private static void requireSubmit(Acl.Token token, String namespace) {
        if (!token.allows(namespace, Acl.SUBMIT_JOB)) {
            throw NomadError.permissionDenied();
        }
    }

    /** structs.JobTagResponse: Name, Description, TaggedTime, then QueryMeta (a write never sets KnownLeader). */
    private static ObjectNode response(String name, String description, long taggedTime, long index) {
        return GoJson.object().put("Name", name).put("Description", description).put("TaggedTime", taggedTime)
                .put("Index", index).put("LastContact", 0L).put("KnownLeader", false).put("NextToken", "");
    }
}
