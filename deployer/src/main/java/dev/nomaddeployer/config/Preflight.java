package dev.nomaddeployer.config;

/** {@code deploy.preflight}: what the service asks Nomad before a register (docs/preflight.md). */
public enum Preflight {
    /** Nothing: the register goes straight to Nomad. */
    OFF,
    /** Nomad plans the changed job first; a plan whose placements would fail refuses the register. */
    PLAN
}
