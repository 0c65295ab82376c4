package dev.nomaddeployer.nomad;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A deployment exactly as Nomad returned it, with the answer's {@code X-Nomad-Index}: the index to pass to the
 * next blocking read, which returns once the deployment's ModifyIndex passes it.
 */
public record DeploymentRead(ObjectNode deployment, long index) {}
