package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Restraint;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.nomad.JobKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's switches per job: {@code POST /api/v1/jobs/NAMESPACE/JOB/pause} (optional {@code ?reason=}),
 * {@code POST /api/v1/jobs/NAMESPACE/JOB/resume}, and {@code GET /api/v1/jobs/paused}.
 */
final class JobsHandler extends Handler.Abstract {
    static final String PREFIX = "/api/v1/jobs/";
    private static final Logger LOG = LoggerFactory.getLogger(JobsHandler.class);

    private final Restraints restraints;
    private final Clock clock;

    JobsHandler(Restraints restraints, Clock clock) {
        this.restraints = restraints;
        this.clock = clock;
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
                return Replies.text(response, callback, 404, "expected " + PREFIX + "NAMESPACE/JOB/pause or /resume");
            }
            String action = parts[parts.length - 1];
            if (!action.equals("pause") && !action.equals("resume")) {
                return Replies.text(response, callback, 404, "unknown action \"" + action + "\"; expected pause or resume");
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
            return action.equals("pause") ? pause(request, response, callback, job, by)
                    : resume(response, callback, job, by);
        } catch (StoreException e) {
            return Replies.text(response, callback, 503, "the store cannot be used: " + e.getMessage());
        }
    }

    private boolean pause(Request request, Response response, Callback callback, JobKey job, String by) {
        String reason = Request.extractQueryParameters(request).getValue("reason");
        String why = reason == null || reason.isBlank() ? "paused by an operator" : reason.strip();
        boolean paused = restraints.pause(job, why, by, clock.instant());
        LOG.info("event=job_paused namespace={} job={} by=\"{}\" already={} reason=\"{}\"", job.namespace(),
                job.jobId(), by, !paused, why);
        ObjectNode body = jobJson(job).put("paused", true).put("changed", paused);
        return Replies.json(response, callback, 200, body);
    }

    private boolean resume(Response response, Callback callback, JobKey job, String by) {
        boolean resumed = restraints.resume(job, by, clock.instant());
        LOG.info("event=job_resumed namespace={} job={} by=\"{}\" was_paused={}", job.namespace(), job.jobId(), by,
                resumed);
        return Replies.json(response, callback, 200, jobJson(job).put("paused", false).put("changed", resumed));
    }

    private boolean paused(Response response, Callback callback) {
        ArrayNode jobs = Replies.JSON.createArrayNode();
        for (Restraints.PausedJob paused : restraints.paused()) {
            Restraint.Paused pause = paused.pause();
            jobs.add(jobJson(paused.job()).put("reason", pause.why()).put("paused_by", pause.by())
                    .put("paused_at", pause.at().toString()));
        }
        ObjectNode body = Replies.JSON.createObjectNode();
        body.set("paused", jobs);
        return Replies.json(response, callback, 200, body);
    }

    private static ObjectNode jobJson(JobKey job) {
        return Replies.JSON.createObjectNode().put("namespace", job.namespace()).put("job", job.jobId());
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
