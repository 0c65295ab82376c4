package dev.nomaddeployer.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.nomad.JobRead;
import dev.nomaddeployer.nomad.NomadCall;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadError;
import dev.nomaddeployer.nomad.NomadException;
import dev.nomaddeployer.nomad.RegisterResult;
import dev.nomaddeployer.registryapi.Registries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Applies one target to Nomad: read the job, plan the meta change, register it back with EnforceIndex.
 * A conflict means someone changed the job since our read; their change is kept by reading again and
 * re-planning on top of it.
 */
public final class JobRedeployer {
    private static final Logger LOG = LoggerFactory.getLogger(JobRedeployer.class);

    private final NomadClient nomad;
    private final Planner planner;
    private final LostRegistration lostRegistration;
    private final int conflictRetries;
    private final JobIndex index;
    private final DigestConfirmation digests;
    private final PreRegister preRegister;

    /**
     * {@code registries}: where a digest the job follows is confirmed before the register; {@code preRegister}: the
     * pre-flight plan and the dry run, the last step before the register.
     */
    public JobRedeployer(NomadClient nomad, Planner planner, int conflictRetries, JobIndex index,
                         Registries registries, PreRegister preRegister) {
        this.nomad = nomad;
        this.planner = planner;
        this.lostRegistration = new LostRegistration(nomad, planner);
        this.conflictRetries = conflictRetries;
        this.index = index;
        this.digests = new DigestConfirmation(registries);
        this.preRegister = preRegister;
    }

    public Attempt apply(Target target) {
        if (target.restraint() != null) {
            log(target, Outcome.SKIPPED, target.restraint().reason());
            return decided(Decision.of(target, Outcome.SKIPPED, target.restraint().reason()));
        }
        String lastConflict = null;
        boolean digestConfirmed = false;
        for (int round = 0; round <= conflictRetries; round++) {
            JobRead read;
            try {
                read = nomad.readJob(target.namespace(), target.jobId());
            } catch (NomadException e) {
                return failure(target, e);
            }
            index.learned(read.job(), read.jobModifyIndex());
            ObjectNode job = read.job();
            if (JobOptOut.optedOut(job)) {
                log(target, Outcome.SKIPPED, JobOptOut.reason());
                return decided(Decision.of(target, Outcome.SKIPPED, JobOptOut.reason()));
            }
            Plan plan = target.explicitKey() == null
                    ? planner.plan(job, target.push())
                    : planner.planExplicit(job, target.push(), target.explicitKey());
            if (plan instanceof Plan.AlreadyCurrent current) {
                // An earlier try (before a stop, or one whose answer never came) may have been the register itself.
                Optional<Attempt> recovered = target.interrupted() || target.attempts() > 0 ? recovered(target)
                        : Optional.empty();
                if (recovered.isPresent()) {
                    return recovered.get();
                }
                log(target, Outcome.ALREADY_CURRENT, current.detail());
                return decided(Decision.of(target, Outcome.ALREADY_CURRENT, current.detail()));
            }
            if (plan instanceof Plan.Skip skip) {
                log(target, Outcome.SKIPPED, skip.reason());
                return decided(Decision.of(target, Outcome.SKIPPED, skip.reason()));
            }
            if (!(plan instanceof Plan.Update update)) {
                throw new IllegalStateException("no handling for plan " + plan);
            }
            if (update.pinsDigest() && !digestConfirmed) {
                Optional<DigestConfirmation.Refusal> unconfirmed = digests.refusal(target.push());
                if (unconfirmed.isPresent()) {
                    return unconfirmedDigest(target, unconfirmed.get());
                }
                digestConfirmed = true; // for this apply: a conflict's re-read does not move the registry's tag
            }
            // After the digest is confirmed, so that Nomad plans the job exactly as it would be registered.
            PreRegister.Step step;
            try {
                step = preRegister.check(target, update);
            } catch (NomadException e) {
                return failure(target, e);
            }
            if (!(step instanceof PreRegister.Register)) {
                return notRegistered(target, update, step);
            }
            try {
                RegisterResult result = nomad.register(target.namespace(), update.job(), read.jobModifyIndex());
                index.learned(update.job(), result.jobModifyIndex());
                return registered(target, update, result, read.version() + 1);
            } catch (NomadException e) {
                if (e.error() instanceof NomadError.Conflict) {
                    lastConflict = e.getMessage();
                    LOG.info("event=conflict namespace={} job={} round={} reason=\"{}\"", target.namespace(),
                            target.jobId(), round + 1, e.getMessage());
                    continue;
                }
                return failure(target, e);
            }
        }
        return new Attempt.RetryLater("job kept changing under us (" + (conflictRetries + 1)
                + " conflicts in a row); last: " + lastConflict);
    }

    /** The register made before the service stopped, read back from Nomad (see {@link LostRegistration}). */
    private Optional<Attempt> recovered(Target target) {
        Optional<LostRegistration.Found> found;
        try {
            found = lostRegistration.find(target);
        } catch (NomadException e) {
            LOG.debug("event=lost_registration_unknown namespace={} job={} reason=\"{}\"", target.namespace(),
                    target.jobId(), e.getMessage());
            return Optional.empty();
        }
        return found.map(register -> {
            Decision base = Decision.of(target, Outcome.REGISTERED, "registered before the service stopped; Nomad's"
                            + " answer was lost, so the evaluation and job version were read back from Nomad")
                    .withRegistration(new Decision.Registration(register.evalId(), register.jobVersion(),
                            register.jobModifyIndex()));
            log(target, Outcome.REGISTERED, base.message());
            return new Attempt.Decided(register.changes().isEmpty() ? List.of(base)
                    : register.changes().stream().map(base::withChange).toList());
        });
    }

    private Attempt registered(Target target, Plan.Update update, RegisterResult result, long version) {
        List<Decision> decisions = new ArrayList<>();
        Decision.Registration registration = new Decision.Registration(result.evalId(), version,
                result.jobModifyIndex());
        for (MetaChange change : update.changes()) {
            String allowedBy = update.allowedBy().get(change.key());
            List<String> notes = new ArrayList<>();
            if (allowedBy != null) {
                notes.add("allowed by policy " + allowedBy);
            }
            if (!result.warnings().isEmpty()) {
                notes.add("Nomad warnings: " + result.warnings());
            }
            decisions.add(Decision.of(target, Outcome.REGISTERED, notes.isEmpty() ? null : String.join("; ", notes))
                    .withRegistration(registration).withChange(change));
            LOG.info("event=redeploy outcome=registered namespace={} job={} level={} key={} old={} new={} eval={} version={}"
                            + " repository={} event_id={}", target.namespace(), target.jobId(),
                    change.level().name().toLowerCase(Locale.ROOT), change.key(), change.oldValue(),
                    change.newValue(), result.evalId(), version, target.repository(), target.push().eventId());
        }
        for (String skipped : update.skipped()) {
            decisions.add(Decision.of(target, Outcome.SKIPPED, skipped));
            log(target, Outcome.SKIPPED, skipped);
        }
        return new Attempt.Decided(decisions);
    }

    private static Attempt unconfirmedDigest(Target target, DigestConfirmation.Refusal refusal) {
        if (refusal.retry()) {
            LOG.info("event=digest_unconfirmed namespace={} job={} tag={} event_id={} reason=\"{}\"", target.namespace(),
                    target.jobId(), target.push().tag(), target.push().eventId(), refusal.message());
            return new Attempt.RetryLater(refusal.message(), refusal.retryAfter());
        }
        log(target, refusal.outcome(), refusal.message());
        return decided(Decision.of(target, refusal.outcome(), refusal.message()));
    }

    /** The pre-register step kept the register back: one decision per change, as a register records them. */
    private Attempt notRegistered(Target target, Plan.Update update, PreRegister.Step step) {
        Decision base;
        if (step instanceof PreRegister.Refuse refuse) {
            base = Decision.of(target, Outcome.REFUSED, refuse.message());
        } else if (step instanceof PreRegister.WouldRegister dryRun) {
            base = Decision.of(target, Outcome.WOULD_REGISTER, dryRun.message());
        } else {
            throw new IllegalStateException("no handling for pre-register step " + step);
        }
        log(target, base.outcome(), base.message());
        List<Decision> decisions = new ArrayList<>(update.changes().stream().map(base::withChange).toList());
        for (String skipped : update.skipped()) {
            decisions.add(Decision.of(target, Outcome.SKIPPED, skipped));
            log(target, Outcome.SKIPPED, skipped);
        }
        return new Attempt.Decided(decisions);
    }

    private Attempt failure(Target target, NomadException e) {
        if (e.error().retryable()) {
            // Nomad unavailable, a broken answer, or a conflict on the read path: worth another try later.
            return new Attempt.RetryLater(e.getMessage());
        }
        if (e.error() instanceof NomadError.PermissionDenied && e.call().kind() == NomadCall.Kind.READ_JOB) {
            // The job may run the pushed image, but the token may not look: the operator must grant read-job;
            // until then the push waits, and is applied once the job can be read if it is still the newest.
            String message = e.explained() + "; the push is tried again until the job can be read";
            log(target, Outcome.FAILED, message);
            return new Attempt.Blocked(Decision.of(target, Outcome.FAILED, message));
        }
        String message = e.explained();
        log(target, Outcome.FAILED, message);
        return decided(Decision.of(target, Outcome.FAILED, message));
    }

    private static Attempt decided(Decision entry) {
        return new Attempt.Decided(List.of(entry));
    }

    /**
     * A failed or refused redeploy needs someone to act on it (a token, a job, room in the cluster), so it is a
     * warning; the other outcomes are information.
     */
    private static void log(Target target, Outcome outcome, String detail) {
        LOG.atLevel(outcome == Outcome.FAILED || outcome == Outcome.REFUSED ? Level.WARN : Level.INFO)
                .log("event=redeploy outcome={} namespace={} job={} repository={} tag={} event_id={} reason=\"{}\"",
                        outcome.label(), target.namespace(), target.jobId(), target.repository(), target.push().tag(),
                        target.push().eventId(), detail);
    }
}
