package dev.nomaddeployer.testbed.nomad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** `GET /v1/jobs` (rules 23-26): stubs in Go order, prefix, namespaces, meta, filter, pagination. */
final class JobList {
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private final ClusterState state;

    JobList(ClusterState state) {
        this.state = state;
    }

    /** Checked before blocking: `meta` must be a Go bool, the filter must parse, the token must list. */
    record Request(QueryOptions options, String prefix, boolean meta, Predicate<JsonNode> filter, Acl.Token token) {
    }

    static Request request(QueryOptions options, Query q, Acl.Token token) {
        boolean meta = false;
        String metaText = q.get("meta");
        if (metaText != null && !metaText.isEmpty()) {
            if (!TRUE.contains(metaText) && !FALSE.contains(metaText)) {
                throw NomadError.server("Failed to parse value of \"meta\" (" + metaText
                        + ") as a bool: strconv.ParseBool: parsing \"" + metaText + "\": invalid syntax");
            }
            meta = TRUE.contains(metaText);
        }
        // Job.List checks list-jobs before the paginator parses the filter; for `*` any namespace will do
        boolean mayList = options.namespace().equals("*") ? token.allowsAnywhere(Acl.LIST_JOBS)
                : token.allows(options.namespace(), Acl.LIST_JOBS);
        if (!mayList) {
            throw NomadError.permissionDenied();
        }
        Predicate<JsonNode> filter = job -> true;
        if (!options.filter().isEmpty()) {
            try {
                filter = BexprFilter.parse(options.filter());
            } catch (BexprFilter.ParseError e) {
                throw NomadError.badRequest("failed to create result paginator: failed to read filter expression: "
                        + e.getMessage());
            }
        }
        return new Request(options, q.getOr("prefix", ""), meta, filter, token);
    }

    Blocking.Answer list(Request r) {
        String namespace = r.options().namespace();
        List<JobEntry> matching = new ArrayList<>();
        for (JobEntry entry : state.jobs.values()) {
            if ((!namespace.equals("*") && !entry.namespace().equals(namespace)) || !entry.id().startsWith(r.prefix())) {
                continue;
            }
            // the paginator runs the filter before the namespace selector, so a job the token cannot
            // see can still fail the filter
            boolean keep;
            try {
                keep = r.filter().test(entry.job);
            } catch (BexprFilter.EvalError e) {
                throw NomadError.badRequest("failed to read result page: " + e.getMessage());
            }
            if (keep && (!namespace.equals("*") || r.token().allows(entry.namespace(), Acl.LIST_JOBS))) {
                matching.add(entry);
            }
        }
        if (r.options().reverse()) {
            Collections.reverse(matching);
        }
        String next = r.options().nextToken();
        ArrayNode page = GoJson.NODES.arrayNode();
        String nextToken = null;
        for (JobEntry entry : matching) {
            String token = new JobKey(entry.namespace(), entry.id()).token();
            if (!next.isEmpty() && (r.options().reverse() ? token.compareTo(next) > 0 : token.compareTo(next) < 0)) {
                continue;
            }
            if (r.options().perPage() > 0 && page.size() == r.options().perPage()) {
                nextToken = token;
                break;
            }
            page.add(stub(entry, r.meta()));
        }
        long index = state.tableIndex(ClusterState.JOBS, ClusterState.SUMMARIES);
        return new Blocking.Answer(index, page, null, nextToken);
    }

    static ObjectNode stub(JobEntry entry, boolean withMeta) {
        ObjectNode job = entry.job;
        ObjectNode stub = GoJson.object();
        for (String f : List.of("ID", "ParentID", "Name", "Namespace", "Datacenters", "NodePool", "Multiregion",
                "Type", "Priority")) {
            stub.set(f, job.get(f).deepCopy());
        }
        stub.put("Periodic", !job.get("Periodic").isNull());
        stub.put("ParameterizedJob", !job.get("ParameterizedJob").isNull() && !job.get("Dispatched").asBoolean());
        for (String f : List.of("Stop", "Status", "StatusDescription")) {
            stub.set(f, job.get(f).deepCopy());
        }
        stub.set("JobSummary", entry.summary.deepCopy());
        for (String f : List.of("CreateIndex", "ModifyIndex", "JobModifyIndex", "SubmitTime")) {
            stub.set(f, job.get(f).deepCopy());
        }
        if (withMeta && job.get("Meta").isObject() && !job.get("Meta").isEmpty()) {
            stub.set("Meta", job.get("Meta").deepCopy());
        }
        return stub;
    }
}
