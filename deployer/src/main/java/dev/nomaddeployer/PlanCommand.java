package dev.nomaddeployer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.deploy.Expander;
import dev.nomaddeployer.deploy.JobOptOut;
import dev.nomaddeployer.deploy.MetaChange;
import dev.nomaddeployer.deploy.Plan;
import dev.nomaddeployer.deploy.Planner;
import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.JobUsages;
import dev.nomaddeployer.image.ReferenceGrammar;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.nomad.JobPlan;
import dev.nomaddeployer.nomad.JobRead;
import dev.nomaddeployer.nomad.JobStub;
import dev.nomaddeployer.nomad.NomadClient;
import dev.nomaddeployer.nomad.NomadError;
import dev.nomaddeployer.nomad.NomadException;
import dev.nomaddeployer.nomad.TlsContexts;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code nomad-deployer plan REPO:TAG [--registry HOST]}: what a push of that image would do, asked of Nomad
 * without changing anything. The jobs are listed and read as the job index reads them, matched and planned by
 * the service's own {@link JobUsages} and {@link Planner}, and each change is planned by Nomad's scheduler
 * ({@code /v1/job/:id/plan}, which writes nothing); the store is not opened.
 */
final class PlanCommand {
    static final String COMMAND = "plan";
    static final String USAGE = COMMAND + " REPO:TAG [--registry HOST]";

    private PlanCommand() {}

    static boolean matches(String[] args) {
        return args.length > 0 && args[0].equals(COMMAND);
    }

    /** The pushed image, as a notification would name it. */
    record Image(String registryHost, String repository, String tag) {
        @Override
        public String toString() {
            return registryHost + "/" + repository + ":" + tag;
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String reference = null;
        String registry = null;
        List<String> global = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] flag = args[i].split("=", 2);
            if (flag[0].equals("--registry")) {
                if (flag.length == 1 && i + 1 >= args.length) {
                    return usage(err, "--registry needs a value");
                }
                registry = flag.length == 2 ? flag[1] : args[++i];
            } else if (reference == null && !args[i].startsWith("-")) {
                reference = args[i];
            } else {
                global.add(args[i]);
            }
        }
        if (reference == null) {
            return usage(err, "which image? usage: nomad-deployer " + USAGE);
        }
        Optional<Settings> loaded = CommandSettings.load(COMMAND, USAGE, global, err);
        if (loaded.isEmpty()) {
            return 1;
        }
        Settings settings = loaded.get();
        if (registry == null) {
            if (settings.registry().hosts().isEmpty()) {
                return usage(err, "which registry? give --registry HOST (or set registry.hosts)");
            }
            registry = settings.registry().hosts().get(0);
        }
        Optional<Image> image = image(reference, registry, err);
        if (image.isEmpty()) {
            return 1;
        }
        NomadClient nomad;
        try {
            nomad = new NomadClient(App.connection(settings.nomad()));
        } catch (TlsContexts.TlsSetupException e) {
            err.println("nomad-deployer plan: " + e.getMessage());
            return 1;
        }
        try {
            report(image.get(), settings, nomad, out);
            return 0;
        } catch (NomadException e) {
            err.println("nomad-deployer plan: " + e.explained());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("nomad-deployer plan: " + problem);
        return 1;
    }

    /** {@code REPO:TAG}: the tag after the last colon that follows the last slash. */
    static Optional<Image> image(String reference, String registry, PrintStream err) {
        int colon = reference.lastIndexOf(':');
        if (colon <= reference.lastIndexOf('/') || colon == 0) {
            err.println("nomad-deployer plan: expected REPO:TAG (e.g. team/app:1.6.0), got \"" + reference + "\"");
            return Optional.empty();
        }
        String repository = reference.substring(0, colon);
        String tag = reference.substring(colon + 1);
        if (!ReferenceGrammar.isValidRepository(repository)) {
            err.println("nomad-deployer plan: \"" + repository + "\" is not a repository name (lower-case path"
                    + " components such as team/app, without the registry host; give that with --registry)");
            return Optional.empty();
        }
        if (!ReferenceGrammar.isValidTag(tag)) {
            err.println("nomad-deployer plan: \"" + tag + "\" is not a tag (letters, digits, '_', '.', '-';"
                    + " at most 128; not starting with '.' or '-')");
            return Optional.empty();
        }
        if (!ReferenceGrammar.isValidHost(registry)) {
            err.println("nomad-deployer plan: \"" + registry + "\" is not a registry host (name[:port])");
            return Optional.empty();
        }
        return Optional.of(new Image(registry, repository, tag));
    }

    /** Throws only when Nomad cannot be asked at all (the job list); a job's own failure is printed with it. */
    private static void report(Image image, Settings settings, NomadClient nomad, PrintStream out)
            throws NomadException {
        RegistryHosts hosts = new RegistryHosts(settings.registry().hosts());
        Planner planner = new Planner(hosts);
        PushEvent push = new PushEvent("plan-command", Instant.now(), image.registryHost(), image.repository(),
                image.tag(), null, null, null);
        // the jobs mapping names jobs by ID for this repository, whatever their images, as the Expander reads it
        Set<String> mapped = new LinkedHashSet<>(settings.jobs().getOrDefault(image.repository(), List.of()));
        Set<String> mappedFound = new HashSet<>();
        out.println("A push of " + image + " would:");
        int using = 0;
        for (JobStub stub : nomad.listJobs(settings.nomad().namespace(), 0, Duration.ZERO).stubs()) {
            if (stub.isChild() || stub.stop()) {
                continue; // the job index leaves them out too: they are not redeployed
            }
            String name = stub.namespace() + "/" + stub.id();
            boolean explicit = mapped.contains(stub.id());
            if (explicit) {
                mappedFound.add(stub.id());
            }
            JobRead read;
            try {
                read = nomad.readJob(stub.namespace(), stub.id());
            } catch (NomadException e) {
                if (e.error() instanceof NomadError.Unavailable) {
                    throw e;
                }
                out.println("  " + name + ": cannot tell, the job cannot be read: " + e.explained());
                using++;
                continue;
            }
            List<JobUsage> usages = JobUsages.of(read.job()).stream()
                    .filter(u -> hosts.runs(u.template(), image.registryHost(), image.repository())).toList();
            if (!usages.isEmpty()) {
                using++;
                out.println("  " + name + ": " + verdict(read.job(), usages, push, planner, nomad, stub.namespace()));
            } else if (explicit) {
                using++;
                out.println("  " + name + " (jobs mapping): " + outcome(read.job(),
                        planner.planExplicit(read.job(), push, Expander.EXPLICIT_META_KEY), nomad, stub.namespace()));
            }
        }
        for (String jobId : mapped) {
            if (!mappedFound.contains(jobId)) {
                using++;
                out.println("  " + jobId + ": named in the jobs mapping for " + image.repository()
                        + ", but no namespace the token can list has it");
            }
        }
        if (using == 0) {
            out.println("  nothing: no job runs " + image.registryHost() + "/" + image.repository()
                    + " with a tag taken from job meta");
        }
    }

    private static String verdict(ObjectNode job, List<JobUsage> usages, PushEvent push, Planner planner,
                                  NomadClient nomad, String namespace) throws NomadException {
        // the service's order: the Expander's admission before the job is read, then the opt-out once it is
        if (planner.admit(usages, push) instanceof Planner.Admission.Refused refused) {
            return "skipped: " + refused.reason();
        }
        return outcome(job, planner.plan(job, push), nomad, namespace);
    }

    /** The planner's decision in words, and for a move Nomad's plan of it. */
    private static String outcome(ObjectNode job, Plan plan, NomadClient nomad, String namespace)
            throws NomadException {
        if (JobOptOut.optedOut(job)) {
            return "skipped: " + JobOptOut.reason();
        }
        if (plan instanceof Plan.AlreadyCurrent current) {
            return "nothing to do: " + current.detail();
        }
        if (plan instanceof Plan.Skip skip) {
            return "skipped: " + skip.reason();
        }
        if (!(plan instanceof Plan.Update update)) {
            throw new IllegalStateException("no handling for plan " + plan);
        }
        String moves = update.changes().stream().map(change -> move(change, update.allowedBy().get(change.key())))
                .collect(Collectors.joining(", "));
        String skipped = update.skipped().isEmpty() ? "" : " (not moved: " + String.join("; ", update.skipped()) + ")";
        JobPlan nomadPlan;
        try {
            nomadPlan = nomad.planJob(namespace, update.job());
        } catch (NomadException e) {
            if (e.error() instanceof NomadError.Unavailable) {
                throw e;
            }
            return "would move " + moves + skipped + "; Nomad's plan failed: " + e.explained();
        }
        return "would move " + moves + skipped + "; " + nomadPlan.verdict() + "; plan: " + nomadPlan.summary();
    }

    private static String move(MetaChange change, String allowedBy) {
        return change.key() + " " + change.oldValue() + " -> " + change.newValue() + " (" + change.site() + " meta"
                + (allowedBy == null ? "" : ", allowed by policy " + allowedBy) + ")";
    }
}
