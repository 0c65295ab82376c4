package dev.nomaddeployer.testbed.nomad.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.Acl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * `GET /v1/jobs` (nomad-api.md#job-list to #pagination): stubs in Go order, prefix, namespaces, meta,
 * filter, pagination.
 */
public final class JobList {
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private final ClusterState state;

    public JobList(ClusterState state) {
        this.state = state;
    }

    /** `per_page` (0 = all), `next_token` and `reverse`. */
    public record Page(int perPage, String nextToken, boolean reverse) {
    }

    /** Checked before blocking: `meta` must be a Go bool, the filter must parse, the token must list. */
    public record Request(String namespace, String prefix, boolean meta, Predicate<JsonNode> filter, Page page,
                          Acl.Token token) {
    }

    public static Request request(String namespace, String prefix, String metaText, String filterText, Page page,
                                  Acl.Token token) {
        boolean meta = false;
        if (metaText != null && !metaText.isEmpty()) {
            if (!TRUE.contains(metaText) && !FALSE.contains(metaText)) {
                throw NomadError.server("Failed to parse value of \"meta\" (" + metaText
                        + ") as a bool: strconv.ParseBool: parsing \"" + metaText + "\": invalid syntax");
            }
            meta = TRUE.contains(metaText);
        }
        // Job.List checks list-jobs before the paginator parses the filter; for `*` any namespace will do
        boolean mayList = namespace.equals("*") ? token.allowsAnywhere(Acl.LIST_JOBS)
                : token.allows(namespace, Acl.LIST_JOBS);
        if (!mayList) {
            throw NomadError.permissionDenied();
        }
        Predicate<JsonNode> filter = job -> true;
        if (!filterText.isEmpty()) {
            try {
                filter = BexprFilter.parse(filterText);
            } catch (BexprFilter.ParseError e) {
                throw NomadError.badRequest("failed to create result paginator: failed to read filter expression: "
                        + e.getMessage());
            }
        }
        return new Request(namespace, prefix, meta, filter, page, token);
    }

    public Answer list(Request r) {
        return state.read(() -> page(r));
    }

    private Answer page(Request r) {
        String namespace = r.namespace();
        List<JobEntry> matching = new ArrayList<>();
        for (JobEntry entry : state.jobs().values()) {
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
        if (r.page().reverse()) {
            Collections.reverse(matching);
        }
        String next = r.page().nextToken();
        ArrayNode page = GoJson.NODES.arrayNode();
        String nextToken = null;
        for (JobEntry entry : matching) {
            String token = new JobKey(entry.namespace(), entry.id()).token();
            if (!next.isEmpty() && (r.page().reverse() ? token.compareTo(next) > 0 : token.compareTo(next) < 0)) {
                continue;
            }
            if (r.page().perPage() > 0 && page.size() == r.page().perPage()) {
                nextToken = token;
                break;
            }
            page.add(stub(entry, r.meta()));
        }
        long index = state.tableIndex(ClusterState.JOBS, ClusterState.SUMMARIES);
        return new Answer(index, page, null, nextToken);
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
