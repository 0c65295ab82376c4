package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.nomad.JobKey;

/**
 * Told what the index learns besides usages: jobs that moved by a write the service did not report as its own,
 * and deployment changes from the event stream. Called on the index's threads; must not block.
 */
public interface JobChangeListener {
    /**
     * {@code job} moved to a new JobModifyIndex; {@code version} is the job as Nomad now has it, {@code eventType}
     * the stream event's type ({@code JobRegistered}, {@code DeploymentStatusUpdate}, ...) or null when read by polling.
     * A stopped job comes with {@code Stop} set; a purged one with {@code version} null.
     */
    void jobChanged(JobKey job, ObjectNode version, String eventType);

    /** A deployment changed (event topic Deployment); the payload is the whole deployment. */
    void deploymentChanged(ObjectNode deployment);
}
