package dev.nomaddeployer.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.http.Replies;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.rollout.Rollouts;
import java.time.Instant;

/** The few JSON shapes more than one of the UI's answers use. */
final class Json {
    private Json() {}

    static ObjectNode object() {
        return Replies.JSON.createObjectNode();
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }

    static String name(JobKey job) {
        return job.namespace() + "/" + job.jobId();
    }

    /** A rollout's status change, as the live view sends it and the overview lists it. */
    static ObjectNode rolloutChange(Rollouts.RolloutEvent event) {
        return object().put("rollout_id", event.rolloutId()).put("namespace", event.job().namespace())
                .put("job", event.job().jobId()).put("job_version", event.jobVersion())
                .put("at", time(event.change().at())).put("status", event.change().status().label())
                .put("description", event.change().description());
    }
}
