package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Restraint;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.nomad.JobKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The operator's switches per job: {@code POST /api/v1/jobs/NAMESPACE/JOB/pause} (optional {@code ?reason=}),
 * {@code POST /api/v1/jobs/NAMESPACE/JOB/resume}, {@code POST /api/v1/jobs/NAMESPACE/JOB/retry} (the newest push
 * again after a failed decision; 404 saying why when there is none), and {@code GET /api/v1/jobs/paused}.
 */
final class JobsHandler extends Handler.Abstract {
    static final String PREFIX = "/api/v1/jobs/";

    private final Restraints restraints;
    private final JobActions actions;

    JobsHandler(Restraints restraints, JobActions actions) {
        this.restraints = restraints;
        this.actions = actions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String rest = request.getHttpURI().getPath().substring(PREFIX.length());
        try {
            if (rest.equals("paused")) {
                if (!"GET".equals(request.getMethod())) {
                    return Replies.text(response, callback, 405, "only GET is accepted at " + PREFIX + "paused");
                }
                return paused(response, callback);
            }
            String[] parts = rest.split("/", -1);
            if (parts.length < 3) {
                return Replies.text(response, callback, 404, "expected " + PREFIX
                        + "NAMESPACE/JOB/pause, /resume or /retry");
            }
            String action = parts[parts.length - 1];
            if (!JobActions.NAMES.contains(action)) {
                return Replies.text(response, callback, 404, "unknown action \"" + action
                        + "\"; expected pause, resume or retry");
            }
            if (!"POST".equals(request.getMethod())) {
                return Replies.text(response, callback, 405, "only POST is accepted to " + action + " a job");
            }
            JobKey job = new JobKey(decode(parts[0]),
                    decode(String.join("/", Arrays.copyOfRange(parts, 1, parts.length - 1))));
            if (job.namespace().isEmpty() || job.jobId().isEmpty()) {
                return Replies.text(response, callback, 400, "namespace and job must not be empty");
            }
            String by = "api (" + Request.getRemoteAddr(request) + ")";
            return actions.apply(action, job, Request.extractQueryParameters(request).getValue("reason"), by,
                    response, callback);
        } catch (StoreException e) {
            return Replies.text(response, callback, 503, "the store cannot be used: " + e.getMessage());
        }
    }

    private boolean paused(Response response, Callback callback) {
        ArrayNode jobs = Replies.JSON.createArrayNode();
        for (Restraints.PausedJob paused : restraints.paused()) {
            Restraint.Paused pause = paused.pause();
            jobs.add(JobActions.jobJson(paused.job()).put("reason", pause.why()).put("paused_by", pause.by())
                    .put("paused_at", pause.at().toString()));
        }
        ObjectNode body = Replies.JSON.createObjectNode();
        body.set("paused", jobs);
        return Replies.json(response, callback, 200, body);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
