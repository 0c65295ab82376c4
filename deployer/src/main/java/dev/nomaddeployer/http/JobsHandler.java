package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Restraint;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.RetryAnswer;
import dev.nomaddeployer.deploy.StoreException;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.deploy.TargetQueue;
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
 * {@code POST /api/v1/jobs/NAMESPACE/JOB/resume}, {@code POST /api/v1/jobs/NAMESPACE/JOB/retry} (the newest push
 * again after a failed decision; 404 saying why when there is none), and {@code GET /api/v1/jobs/paused}.
 */
final class JobsHandler extends Handler.Abstract {
    static final String PREFIX = "/api/v1/jobs/";
    private static final Logger LOG = LoggerFactory.getLogger(JobsHandler.class);

    private final Restraints restraints;
    private final TargetQueue queue;
    private final Runnable onRetried;
    private final Clock clock;

    /** @param onRetried told when a retry put work back, so a leader in this process applies it at once */
    JobsHandler(Restraints restraints, TargetQueue queue, Runnable onRetried, Clock clock) {
        this.restraints = restraints;
        this.queue = queue;
        this.onRetried = onRetried;
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
                return Replies.text(response, callback, 404, "expected " + PREFIX
                        + "NAMESPACE/JOB/pause, /resume or /retry");
            }
            String action = parts[parts.length - 1];
            if (!action.equals("pause") && !action.equals("resume") && !action.equals("retry")) {
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
            if (action.equals("retry")) {
                return retry(response, callback, job, by);
            }
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

    private boolean retry(Response response, Callback callback, JobKey job, String by) {
        RetryAnswer answer = queue.retry(job, by, clock.instant());
        if (answer instanceof RetryAnswer.NothingToRetry nothing) {
            LOG.info("event=job_retry namespace={} job={} by=\"{}\" retried=0 reason=\"{}\"", job.namespace(),
                    job.jobId(), by, nothing.why());
            return Replies.text(response, callback, 404, "nothing to retry for " + job.namespace() + "/" + job.jobId()
                    + ": " + nothing.why());
        }
        if (!(answer instanceof RetryAnswer.Reentered reentered)) {
            throw new IllegalStateException("no handling for retry answer " + answer);
        }
        onRetried.run();
        ArrayNode pushes = Replies.JSON.createArrayNode();
        for (Target target : reentered.targets()) {
            pushes.add(Replies.JSON.createObjectNode().put("repository", target.repository())
                    .put("tag", target.push().tag()).put("event_id", target.push().eventId()));
            LOG.info("event=job_retry namespace={} job={} by=\"{}\" repository={} tag={} event_id={}", job.namespace(),
                    job.jobId(), by, target.repository(), target.push().tag(), target.push().eventId());
        }
        ObjectNode body = jobJson(job);
        body.set("retried", pushes);
        return Replies.json(response, callback, 200, body);
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
