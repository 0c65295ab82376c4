package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.RetryAnswer;
import dev.nomaddeployer.deploy.Target;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.nomad.JobKey;
import java.time.Clock;
import java.util.Set;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's switches for one job (pause, resume, retry) and their answers, whoever asks: the API
 * ({@link JobsHandler}) and the web UI share them, so a switch means the same and is logged the same from either.
 * {@code by} is who the history records.
 */
public final class JobActions {
    public static final Set<String> NAMES = Set.of("pause", "resume", "retry");
    private static final Logger LOG = LoggerFactory.getLogger(JobActions.class);

    private final Restraints restraints;
    private final TargetQueue queue;
    private final Runnable onRetried;
    private final Clock clock;

    /** @param onRetried told when a retry put work back, so a leader in this process applies it at once */
    public JobActions(Restraints restraints, TargetQueue queue, Runnable onRetried, Clock clock) {
        this.restraints = restraints;
        this.queue = queue;
        this.onRetried = onRetried;
        this.clock = clock;
    }

    /**
     * Answers {@code action} (one of {@link #NAMES}) on {@code job}.
     *
     * @param reason why a pause is asked for; null or blank = a generic reason
     * @throws dev.nomaddeployer.deploy.StoreException when the store cannot be used
     */
    public boolean apply(String action, JobKey job, String reason, String by, Response response, Callback callback) {
        return switch (action) {
            case "pause" -> pause(response, callback, job, reason, by);
            case "resume" -> resume(response, callback, job, by);
            case "retry" -> retry(response, callback, job, by);
            default -> throw new IllegalArgumentException("not an action: " + action);
        };
    }

    private boolean pause(Response response, Callback callback, JobKey job, String reason, String by) {
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

    static ObjectNode jobJson(JobKey job) {
        return Replies.JSON.createObjectNode().put("namespace", job.namespace()).put("job", job.jobId());
    }
}
