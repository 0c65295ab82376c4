package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.nomad.Acl;
import java.util.ArrayList;
import java.util.List;

/**
 * What Job.Register and Job.Plan do to a submitted job before either looks at the stored one
 * (nomad-api.md#register-server-checks, #job-plan): the region, namespace and caller resolved in the agent's
 * precedence (query, request body, job, default), the canonical defaults, and then, under the state's lock,
 * validation as one multierror and the submit-job check. A revert enters here with a stored version, which
 * is already canonical ({@link #ofStored}).
 *
 * @param job  the job in stored form
 * @param sent the job as the client sent it (Nomad 2.0 keeps a sent {@code Version})
 */
record JobAdmission(ObjectNode job, ObjectNode sent, String namespace, Acl.Token token) {

    /** Resolves and authenticates a job submission's request and canonicalizes its job; an unknown token is a 403. */
    static JobAdmission of(Acl acl, ObjectNode request, ObjectNode sent, String queryNamespace, String queryRegion,
                           String headerToken) {
        Registrar.requireRegion(firstNonEmpty(queryRegion, request.path("Region").asText(""),
                sent.path("Region").asText(""), Registrar.AGENT_REGION));
        String namespace = firstNonEmpty(queryNamespace, request.path("Namespace").asText(""),
                sent.path("Namespace").asText(""), "default");
        String secret = headerToken != null ? headerToken : request.path("SecretID").asText(null);
        Acl.Token token = acl.resolve(secret).orElseThrow(NomadError::permissionDenied);
        return new JobAdmission(JobCanonicalizer.canonicalize(sent, namespace, Registrar.AGENT_REGION), sent,
                namespace, token);
    }

    /** A stored version submitted again by {@code token}: nothing to resolve or canonicalize. */
    static JobAdmission ofStored(ObjectNode storedCopy, Acl.Token token) {
        return new JobAdmission(storedCopy, storedCopy, storedCopy.get("Namespace").asText(), token);
    }

    /** Validation (a nonexistent namespace first), then submit-job; to be called under the state's lock. */
    void check(ClusterState state) {
        List<String> errors = new ArrayList<>();
        if (!state.hasNamespace(namespace)) {
            errors.add("job \"" + job.get("ID").asText() + "\" is in nonexistent namespace \"" + namespace + "\"");
        }
        errors.addAll(JobCanonicalizer.validate(job));
        if (!errors.isEmpty()) {
            throw NomadError.multi(errors);
        }
        if (!token.allows(namespace, Acl.SUBMIT_JOB)) {
            throw NomadError.permissionDenied();
        }
    }

    static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
