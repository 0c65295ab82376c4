package dev.nomaddeployer.config;

/** {@code deploy.on_failure}: who handles a rollout the service caused when it fails and Nomad did not revert it. */
public enum FailureAction {
    /** Nomad does (its auto_revert, or an operator): the service records the failure and protects the tag. */
    NOMAD,
    /** The service reverts the job to its last stable version, with EnforcePriorVersion. */
    REVERT
}
