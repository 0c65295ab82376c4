package dev.nomaddeployer.nomad;

/**
 * One call to Nomad's API, as a failure names it: what was asked, where, and the ACL capability it needs,
 * so that a refusal can say exactly what the token is missing.
 */
public record NomadCall(Kind kind, String namespace, String jobId) {
    public enum Kind {
        LIST_JOBS("list jobs", "list-jobs"),
        /**
         * Nomad's ACL for topics Job and Deployment (event_endpoint.go validateNsOp): read-job in every namespace
         * asked for ({@code *}: in every one).
         */
        FOLLOW_JOB_EVENTS("follow the job event stream", "read-job"),
        READ_JOB("read job", "read-job"),
        READ_JOB_VERSIONS("read the versions of job", "read-job"),
        LIST_JOB_EVALUATIONS("list the evaluations of job", "read-job"),
        REGISTER_JOB("register job", "submit-job"),
        /** Job.Plan authorizes as a register does (nomad/job_endpoint.go). */
        PLAN_JOB("plan job", "submit-job"),
        READ_DEPLOYMENT("read deployment", "read-job"),
        READ_LATEST_DEPLOYMENT("read the latest deployment of job", "read-job"),
        LIST_DEPLOYMENT_ALLOCATIONS("list the allocations of deployment", "read-job"),
        READ_EVALUATION("read evaluation", "read-job"),
        REVERT_JOB("revert job", "submit-job"),
        TAG_JOB_VERSION("tag a version of job", "submit-job");

        private final String verb;
        private final String capability;

        Kind(String verb, String capability) {
            this.verb = verb;
            this.capability = capability;
        }
    }

    public static NomadCall listJobs(String namespace) {
        return new NomadCall(Kind.LIST_JOBS, namespace, null);
    }

    public static NomadCall followJobEvents(String namespace) {
        return new NomadCall(Kind.FOLLOW_JOB_EVENTS, namespace, null);
    }

    public static NomadCall readJob(String namespace, String jobId) {
        return new NomadCall(Kind.READ_JOB, namespace, jobId);
    }

    public static NomadCall registerJob(String namespace, String jobId) {
        return new NomadCall(Kind.REGISTER_JOB, namespace, jobId);
    }

    /** A call about one deployment or evaluation, named by its ID in the {@code jobId} slot. */
    public static NomadCall about(Kind kind, String namespace, String id) {
        return new NomadCall(kind, namespace, id);
    }

    /** The namespace capability of Nomad's ACL system this call needs. */
    public String capability() {
        return kind.capability;
    }

    @Override
    public String toString() {
        return jobId == null ? kind.verb + " in namespace " + namespace
                : kind.verb + " " + jobId + " in namespace " + namespace;
    }
}
