package dev.nomaddeployer.deploy;

import dev.nomaddeployer.config.Preflight;
import dev.nomaddeployer.nomad.JobPlan;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadException;

/**
 * The step between the meta change and its register: with {@code deploy.preflight = plan} Nomad plans the
 * changed job and a plan whose placements would fail refuses the register; with {@code deploy.dry_run} the
 * plan is made whatever the preflight setting and the register is left out (docs/preflight.md).
 */
public final class PreRegister {
    private final NomadClient nomad;
    private final Preflight preflight;
    private final boolean dryRun;

    public PreRegister(NomadClient nomad, Preflight preflight, boolean dryRun) {
        this.nomad = nomad;
        this.preflight = preflight;
        this.dryRun = dryRun;
    }

    /** What comes instead of, or before, the register. */
    public sealed interface Step permits Register, Refuse, WouldRegister {}

    /** Register as usual. */
    public record Register() implements Step {}

    /** Nomad's plan says placements would fail: no register; {@code message} names each group and Nomad's reason. */
    public record Refuse(String message) implements Step {}

    /** The dry run: what the register would change, and the plan's verdict. */
    public record WouldRegister(String message) implements Step {}

    /** Throws what the plan call threw; a retryable failure is retried as a register's would be. */
    public Step check(Target target, Plan.Update update) throws NomadException {
        if (preflight == Preflight.OFF && !dryRun) {
            return new Register();
        }
        JobPlan plan = nomad.planJob(target.namespace(), update.job());
        if (preflight == Preflight.PLAN && plan.placementFails()) {
            return new Refuse(plan.verdict());
        }
        if (dryRun) {
            return new WouldRegister("dry run, not registered; " + plan.verdict() + "; plan: " + plan.summary());
        }
        return new Register();
    }
}
