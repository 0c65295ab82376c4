package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadVersion;
import dev.nomaddeployer.testbed.nomad.Registration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Job register (nomad-api.md#register-http-checks to #ignored-fields): checks in Nomad's order, then one
 * write for the job and its eval.
 */
public final class Registrar {
    public static final String AGENT_REGION = "global";

    /** A register as the HTTP layer received it; {@code pathJobId} is null on `/v1/jobs`. */
    public record Call(ObjectNode request, String pathJobId, String queryNamespace, String queryRegion, String token) {
        /** Decodes a register body as the agent does; a body Go would reject is a 400 with Go's text. */
        public static Call fromBody(byte[] body, String pathJobId, String queryNamespace, String queryRegion,
                                    String token) {
            return new Call(RequestBody.decode(body, JobSchema.REGISTER_REQUEST), pathJobId, queryNamespace,
                    queryRegion, token);
        }

        /** A job in `GET /v1/job/:id` shape registered by the test API, as if POSTed with {@code token}. */
        public static Call direct(ObjectNode job, String token) {
            ObjectNode request = GoJson.object();
            request.set("Job", job);
            return new Call(RequestBody.decode(JobSchema.REGISTER_REQUEST, request, ""), null, null, null, token);
        }
    }

    public record Result(ObjectNode response, long index, Registration registration) {
    }

    /** Looks up (and consumes) an operator edit to apply just before a register of this job. */
    @FunctionalInterface
    public interface ConcurrentEdits extends BiFunction<String, String, Consumer<ObjectNode>> {
    }

    private final ClusterState state;
    private final JobWrites writes;
    private final Acl acl;
    private final NomadVersion version;
    private final ConcurrentEdits concurrentEdits;

    public Registrar(ClusterState state, JobWrites writes, Acl acl, NomadVersion version,
                     ConcurrentEdits concurrentEdits) {
        this.state = state;
        this.writes = writes;
        this.acl = acl;
        this.version = version;
        this.concurrentEdits = concurrentEdits;
    }

    public Result register(Call call) {
        ObjectNode body = call.request();
        if (!(body.get("Job") instanceof ObjectNode sent)) {
            throw NomadError.badRequest("Job must be specified");
        }
        if (!sent.has("ID")) {
            throw NomadError.badRequest("Job ID hasn't been provided");
        }
        if (call.pathJobId() != null && !call.pathJobId().equals(sent.get("ID").asText())) {
            throw NomadError.badRequest("Job ID does not match name");
        }
        if (sent.path("Type").asText().equals("system")) {
            for (JsonNode g : sent.path("TaskGroups")) {
                if (g.has("Scaling")) {
                    throw NomadError.badRequest("Task groups with job type system do not support scaling blocks");
                }
            }
        }
        long evalPriority = body.path("EvalPriority").asLong(0);
        if (evalPriority != 0 && (evalPriority < 1 || evalPriority > 100)) {
            throw NomadError.badRequest("Eval priority must be between 1 and 100 inclusively");
        }
        return submit(JobAdmission.of(acl, body, sent, call.queryNamespace(), call.queryRegion(), call.token()), body,
                evalPriority);
    }

    /**
     * Job.Revert's register (nomad-api.md#job-revert): the server calls Job.Register with a copy of the stored
     * version, so the copy takes the register's path from the admission on, without the agent's checks and
     * defaults. {@code enforcedJobModifyIndex} is the current job's JobModifyIndex when the revert enforces
     * the prior version, else null. Runs inside the caller's transaction.
     */
    Result registerVersion(ObjectNode versionCopy, Acl.Token token, Long enforcedJobModifyIndex) {
        ObjectNode request = GoJson.object().put("EnforceIndex", enforcedJobModifyIndex != null)
                .put("JobModifyIndex", enforcedJobModifyIndex == null ? 0 : enforcedJobModifyIndex);
        return submit(JobAdmission.ofStored(versionCopy, token), request, 0);
    }

    /** Job.Register from the admission on (nomad-api.md#register-server-checks): validation, submit-job, the write. */
    private Result submit(JobAdmission admitted, ObjectNode request, long evalPriority) {
        ObjectNode job = admitted.job();
        String namespace = admitted.namespace();
        job.put("NomadTokenID", acl.enabled() ? admitted.token().accessorId() : "");
        return state.transaction(() -> {
            admitted.check(state);
            Consumer<ObjectNode> concurrentEdit = concurrentEdits.apply(namespace, job.get("ID").asText());
            if (concurrentEdit != null) {
                edit(namespace, job.get("ID").asText(), concurrentEdit);
            }
            return apply(request, job, admitted.sent(), evalPriority);
        });
    }

    private Result apply(ObjectNode body, ObjectNode job, ObjectNode sent, long evalPriority) {
        JobEntry existing = state.job(job.get("Namespace").asText(), job.get("ID").asText());
        if (body.path("EnforceIndex").asBoolean(false)) {
            enforceIndex(body.path("JobModifyIndex").asLong(0), existing);
        }
        if (existing != null) {
            checkTransition(existing.job, job);
        }
        boolean preserveCounts = body.path("PreserveCounts").asBoolean(false) && existing != null;
        if (preserveCounts && version.before(NomadVersion.V2_0)) {
            preserveCounts(existing.job, job);
        }
        boolean changed = existing == null || JobCanonicalizer.specChanged(existing.job, job);
        if (preserveCounts && version == NomadVersion.V2_0) {
            preserveCounts(existing.job, job);
        }
        if (!changed) {
            return unchanged(existing, evalPriority);
        }
        long newVersion = existing == null ? 0 : existing.version() + 1;
        if (version == NomadVersion.V2_0 && sent.has("Version")) {
            long sentVersion = sent.get("Version").asLong();
            if (existing == null || sentVersion > existing.version()) {
                newVersion = sentVersion;
            }
        }
        long finalVersion = newVersion;
        return state.write(w -> {
            ObjectNode eval = writes.storeVersion(w, job, finalVersion, "job-register", evalPriority, "JobRegistered");
            ObjectNode response = response(eval == null ? "" : eval.get("ID").asText(), eval == null ? 0 : w.index,
                    w.index, w.index);
            return new Result(response, w.index, registration(job, true));
        });
    }

    /** nomad-api.md#unchanged-register: nothing about the job is written; service/batch/system jobs still get a fresh eval. */
    private Result unchanged(JobEntry existing, long evalPriority) {
        ObjectNode job = existing.job;
        long storedJobModifyIndex = job.get("JobModifyIndex").asLong();
        long reported = version == NomadVersion.V2_0 ? job.get("ModifyIndex").asLong() : storedJobModifyIndex;
        if (existing.periodicOrParameterized()) {
            long index = version == NomadVersion.V2_0 ? job.get("ModifyIndex").asLong() : 0;
            return new Result(response("", 0, reported, index), index, registration(job, false));
        }
        return state.write(w -> {
            long priority = evalPriority > 0 ? evalPriority : job.get("Priority").asLong();
            ObjectNode eval = writes.newEval(w, job, "job-register", priority,
                    version == NomadVersion.V2_0 ? 0 : storedJobModifyIndex);
            JobWrites.evalEvent(w, eval, "JobRegistered");
            return new Result(response(eval.get("ID").asText(), w.index, reported, w.index), w.index,
                    registration(job, false));
        });
    }

    /** An operator's change (test API and concurrent-edit fault): a new version like any register. */
    public ObjectNode edit(String namespace, String jobId, Consumer<ObjectNode> change) {
        return state.transaction(() -> {
            JobEntry entry = state.job(namespace, jobId);
            if (entry == null) {
                throw new IllegalArgumentException("no job \"" + jobId + "\" in namespace \"" + namespace + "\"");
            }
            ObjectNode copy = entry.job.deepCopy();
            change.accept(copy);
            ObjectNode job = JobCanonicalizer.canonicalize(RequestBody.decode(JobSchema.JOB, copy, "Job"),
                    namespace, AGENT_REGION);
            job.put("NomadTokenID", entry.job.get("NomadTokenID").asText());
            if (!JobCanonicalizer.specChanged(entry.job, job)) {
                return entry.job.deepCopy();
            }
            return state.write(w -> {
                writes.storeVersion(w, job, entry.version() + 1, "job-register", 0, "JobRegistered");
                return job.deepCopy();
            });
        });
    }

    private static void enforceIndex(long sent, JobEntry existing) {
        String prefix = "Enforcing job modify index " + sent + ": ";
        if (existing != null && sent == 0) {
            throw NomadError.server(prefix + "job already exists");
        }
        if (existing != null && existing.job.get("JobModifyIndex").asLong() != sent) {
            throw NomadError.server(prefix + "job exists with conflicting job modify index: "
                    + existing.job.get("JobModifyIndex").asLong());
        }
        if (existing == null && sent != 0) {
            throw NomadError.server(prefix + "job does not exist");
        }
    }

    private static void checkTransition(ObjectNode old, ObjectNode job) {
        String oldType = old.get("Type").asText();
        String newType = job.get("Type").asText();
        if (!oldType.equals(newType)) {
            throw NomadError.server("cannot update job from type \"" + oldType + "\" to \"" + newType + "\"");
        }
        boolean wasPeriodic = !old.get("Periodic").isNull();
        boolean isPeriodic = !job.get("Periodic").isNull();
        if (wasPeriodic != isPeriodic) {
            throw NomadError.server(wasPeriodic ? "cannot update periodic job to being non-periodic"
                    : "cannot update non-periodic job to being periodic");
        }
        boolean wasParam = !old.get("ParameterizedJob").isNull();
        boolean isParam = !job.get("ParameterizedJob").isNull();
        if (wasParam != isParam) {
            throw NomadError.server(wasParam ? "cannot update parameterized job to being non-parameterized"
                    : "cannot update non-parameterized job to being parameterized");
        }
    }

    private static void preserveCounts(ObjectNode stored, ObjectNode job) {
        for (JsonNode group : job.path("TaskGroups")) {
            for (JsonNode old : stored.path("TaskGroups")) {
                if (old.get("Name").asText().equals(group.get("Name").asText())) {
                    ((ObjectNode) group).set("Count", old.get("Count"));
                }
            }
        }
    }

    public static void requireRegion(String region) {
        if (!region.isEmpty() && !region.equals(AGENT_REGION)) {
            throw NomadError.server("No path to region");
        }
    }

    private static ObjectNode response(String evalId, long evalCreateIndex, long jobModifyIndex, long index) {
        return GoJson.object().put("EvalID", evalId).put("EvalCreateIndex", evalCreateIndex)
                .put("JobModifyIndex", jobModifyIndex).put("Warnings", "").put("Index", index)
                .put("LastContact", 0L).put("KnownLeader", false).put("NextToken", "");
    }

    private static Registration registration(ObjectNode job, boolean changed) {
        JsonNode meta = job.get("Meta");
        return new Registration(Instant.now(), job.get("Namespace").asText(), job.get("ID").asText(),
                job.get("Version").asLong(), job.get("JobModifyIndex").asLong(), changed,
                meta.isObject() ? (ObjectNode) meta.deepCopy() : null, job.deepCopy());
    }
}
