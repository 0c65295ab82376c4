package dev.nomaddeployer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.discovery.EffectiveMeta;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.JobUsages;
import dev.nomaddeployer.discovery.MetaDefinition;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.image.RegistryHosts;
import dev.nomaddeployer.policy.PolicyDirectives;
import dev.nomaddeployer.policy.TagPolicy;
import dev.nomaddeployer.policy.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, without I/O, how a fetched job must change so that it runs a pushed tag: which meta values to
 * set and where. Rules in docs/image-matching.md.
 */
public final class Planner {

    private final RegistryHosts hosts;

    public Planner(RegistryHosts hosts) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
    }

    /** Discovery by image: every task running the pushed repository on this registry through a meta key. */
    public Plan plan(ObjectNode job, PushEvent push) {
        List<JobUsage> usages = usagesOf(job, push);
        if (usages.isEmpty()) {
            return new Plan.Skip("job " + jobName(job) + " does not use " + push.repository()
                    + " on registry " + push.registryHost());
        }
        Proposals proposals = new Proposals();
        for (JobUsage usage : usages) {
            Optional<String> value = usage.template().tag().match(push.tag());
            if (value.isEmpty()) {
                proposals.skipped.add(mismatch(usage, push));
                continue;
            }
            if (!usage.isResolved()) {
                proposals.skipped.add("meta key " + usage.metaKey() + " used by task " + usage.taskPath()
                        + " is not defined at job, group or task level");
                continue;
            }
            PolicyDirectives.Reading reading = PolicyDirectives.read(usage::directive);
            if (reading instanceof PolicyDirectives.Reading.Invalid invalid) {
                proposals.refuse(Site.of(usage), "meta key " + usage.metaKey() + " used by task " + usage.taskPath()
                        + " not changed: " + invalid.problem());
                continue;
            }
            Optional<String> digestRefusal = digestRefusal(usage, push);
            if (digestRefusal.isPresent()) {
                proposals.skipped.add(digestRefusal.get());
                continue;
            }
            proposals.propose(Site.of(usage), usage.currentValue(), value.get(), usage.taskPath(),
                    ((PolicyDirectives.Reading.Valid) reading).policy());
            if (usage.followsDigest()) {
                proposals.proposeDigest(Site.ofDigest(usage), Site.of(usage), usage.digest().currentValue(),
                        push.digest());
            }
        }
        return proposals.toPlan(job, push);
    }

    /**
     * Whether the job whose images are {@code usages} (the index's copy) might take {@code push} under its tag
     * policies, decided before reading the job. Pushes a job refuses must not take its newest-wins slot: a burst of
     * {@code 1.6.0} then {@code latest} would otherwise supersede the release with a tag the job then skips.
     */
    public Admission admit(List<JobUsage> usages, PushEvent push) {
        Optional<String> refusal = Optional.empty();
        for (JobUsage usage : usages) {
            Optional<String> value = usage.template().tag().match(push.tag());
            if (!hosts.runs(usage.template(), push.registryHost(), push.repository()) || value.isEmpty()
                    || !usage.isResolved()) {
                continue;
            }
            Optional<String> digestRefusal = digestRefusal(usage, push);
            if (digestRefusal.isPresent()) {
                // Checked here too, so a push without a digest never takes the slot of one the job can follow.
                refusal = refusal.or(() -> digestRefusal);
                continue;
            }
            String refused;
            PolicyDirectives.Reading reading = PolicyDirectives.read(usage::directive);
            if (reading instanceof PolicyDirectives.Reading.Valid valid) {
                Verdict verdict = value.get().equals(usage.currentValue()) ? Verdict.ALLOWED
                        : valid.policy().judge(usage.currentValue(), value.get());
                if (verdict instanceof Verdict.Refused no) {
                    refused = no.reason();
                } else {
                    return new Admission.Admitted(valid.policy().ordered()
                            ? new TagRanking(usage.template().tag(), valid.policy()) : null);
                }
            } else {
                refused = ((PolicyDirectives.Reading.Invalid) reading).problem();
            }
            String reason = "meta key " + usage.metaKey() + " used by task " + usage.taskPath() + " not changed: "
                    + refused;
            refusal = refusal.or(() -> Optional.of(reason));
        }
        return refusal.<Admission>map(Admission.Refused::new).orElseGet(() -> new Admission.Admitted(null));
    }

    /** What {@link #admit} decided. */
    public sealed interface Admission {
        /** {@code ranking}: how the job's policy orders waiting pushes; null = by arrival. */
        record Admitted(TagRanking ranking) implements Admission {}

        record Refused(String reason) implements Admission {}
    }

    /** Why {@code push} cannot set the digest {@code usage} follows; empty when it can, or follows none. */
    private static Optional<String> digestRefusal(JobUsage usage, PushEvent push) {
        return usage.followsDigest() ? DigestFollowing.refusal(usage, push) : Optional.empty();
    }

    /**
     * An explicit job-to-key mapping: set {@code metaKey} wherever it is effectively defined for a task of
     * the job (task > group > job). The value is the pushed tag, or — when a task image on this registry
     * uses that key in a template such as {@code v${NOMAD_META_VERSION}-alpine} — the template's variable
     * part.
     */
    public Plan planExplicit(ObjectNode job, PushEvent push, String metaKey) {
        Map<Site, MetaDefinition> sites = new LinkedHashMap<>();
        for (JsonNode group : elements(job.get("TaskGroups"))) {
            for (JsonNode task : elements(group.get("Tasks"))) {
                EffectiveMeta.resolve(job, group, task, metaKey).ifPresent(definition -> sites.putIfAbsent(
                        Site.of(definition, text(group.get("Name")), text(task.get("Name"))), definition));
            }
        }
        if (sites.isEmpty()) {
            return new Plan.Skip("meta key " + metaKey + " is not defined at job, group or task level of job "
                    + jobName(job));
        }
        List<String> mismatches = new ArrayList<>();
        Set<String> templateValues = new LinkedHashSet<>();
        for (JobUsage usage : usagesOf(job, push)) {
            if (usage.isResolved() && sites.containsKey(Site.of(usage))) {
                Optional<String> value = usage.template().tag().match(push.tag());
                if (value.isPresent()) {
                    templateValues.add(value.get());
                } else {
                    mismatches.add(mismatch(usage, push));
                }
            }
        }
        if (templateValues.size() > 1) {
            return new Plan.Skip("tag " + push.tag() + " gives meta key " + metaKey
                    + " different values through different templates: " + templateValues);
        }
        if (templateValues.isEmpty() && !mismatches.isEmpty()) {
            return new Plan.Skip(String.join("; ", mismatches));
        }
        String value = templateValues.isEmpty() ? push.tag() : templateValues.iterator().next();
        Proposals proposals = new Proposals();
        proposals.skipped.addAll(mismatches);
        Map<String, String> directives = EffectiveMeta.withPrefix(job, null, null, JobUsage.DIRECTIVE_PREFIX);
        PolicyDirectives.Reading reading = PolicyDirectives.read(name -> JobUsage.directive(directives, name, metaKey));
        sites.forEach((site, definition) -> {
            if (reading instanceof PolicyDirectives.Reading.Valid valid) {
                proposals.propose(site, definition.value(), value, site.where(), valid.policy());
            } else {
                proposals.refuse(site, "meta key " + metaKey + " at " + site.where() + " not changed: "
                        + ((PolicyDirectives.Reading.Invalid) reading).problem());
            }
        });
        return proposals.toPlan(job, push);
    }

    private List<JobUsage> usagesOf(ObjectNode job, PushEvent push) {
        return JobUsages.of(job).stream()
                .filter(u -> hosts.runs(u.template(), push.registryHost(), push.repository()))
                .collect(Collectors.toList());
    }

    private static String mismatch(JobUsage usage, PushEvent push) {
        return "tag " + push.tag() + " does not match template " + usage.template().tag().text()
                + " used by task " + usage.taskPath();
    }

    /** A meta key at one place in the job. */
    private record Site(MetaLevel level, String group, String task, String key) {

        static Site of(JobUsage usage) {
            return of(new MetaDefinition(usage.definedAt(), usage.metaKey(), usage.currentValue()),
                    usage.group(), usage.task());
        }

        static Site ofDigest(JobUsage usage) {
            JobUsage.DigestKey digest = usage.digest();
            return of(new MetaDefinition(digest.definedAt(), digest.metaKey(), digest.currentValue()), usage.group(),
                    usage.task());
        }

        static Site of(MetaDefinition definition, String group, String task) {
            MetaLevel level = definition.level();
            return new Site(level, level == MetaLevel.JOB ? null : group, level == MetaLevel.TASK ? task : null,
                    definition.key());
        }

        String where() {
            return MetaChange.where(level, group, task);
        }
    }

    /** The values wanted at each site, collected over all usages before deciding. */
    private static final class Proposals {
        private final Map<Site, String> oldValues = new LinkedHashMap<>();
        private final Map<Site, Set<String>> newValues = new LinkedHashMap<>();
        private final Map<Site, List<String>> requestedBy = new LinkedHashMap<>();
        private final Map<Site, TagPolicy> policies = new LinkedHashMap<>();
        private final Set<Site> refused = new LinkedHashSet<>();
        private final List<String> skipped = new ArrayList<>();
        /** Tag sites that take the push (changed or already current), which their digest sites then follow. */
        private final Set<Site> followed = new LinkedHashSet<>();
        private final DigestSites digests = new DigestSites();

        void propose(Site site, String oldValue, String newValue, String by, TagPolicy policy) {
            oldValues.put(site, oldValue);
            newValues.computeIfAbsent(site, s -> new LinkedHashSet<>()).add(newValue);
            requestedBy.computeIfAbsent(site, s -> new ArrayList<>()).add(by);
            policies.putIfAbsent(site, policy);
        }

        /** The site is left alone whatever other tasks using it ask for (its policy cannot be read). */
        void refuse(Site site, String reason) {
            if (refused.add(site)) {
                skipped.add(reason);
            }
        }

        void proposeDigest(Site site, Site tagSite, String oldDigest, String newDigest) {
            digests.propose(site, tagSite, oldDigest, newDigest);
        }

        Plan toPlan(ObjectNode job, PushEvent push) {
            List<MetaChange> changes = new ArrayList<>();
            List<String> current = new ArrayList<>();
            List<String> skippedHere = new ArrayList<>(skipped);
            Map<String, String> allowedBy = new LinkedHashMap<>();
            newValues.forEach((site, values) -> {
                if (refused.contains(site)) {
                    return;
                }
                if (values.size() > 1) {
                    skippedHere.add("meta key " + site.key() + " at " + site.where() + " would need "
                            + values + " for tasks " + requestedBy.get(site));
                    return;
                }
                String newValue = values.iterator().next();
                String oldValue = oldValues.get(site);
                TagPolicy policy = policies.get(site);
                if (newValue.equals(oldValue)) {
                    current.add(site.key() + "=" + newValue + " at " + site.where());
                    followed.add(site);
                } else if (policy.judge(oldValue, newValue) instanceof Verdict.Refused no) {
                    skippedHere.add("meta key " + site.key() + " at " + site.where() + " not changed: "
                            + no.reason());
                } else {
                    changes.add(new MetaChange(site.level(), site.group(), site.task(), site.key(), oldValue,
                            newValue));
                    allowedBy.put(site.key(), policy.describe());
                    followed.add(site);
                }
            });
            boolean pinsDigest = digests.decide(followed, changes, current);
            if (!changes.isEmpty()) {
                return new Plan.Update(apply(job, changes), changes, skippedHere, allowedBy, pinsDigest);
            }
            if (!current.isEmpty()) {
                String detail = "job " + jobName(job) + " already runs " + push.repository() + ":" + push.tag()
                        + " (" + String.join(", ", current) + ")";
                return new Plan.AlreadyCurrent(skippedHere.isEmpty() ? detail
                        : detail + "; skipped: " + String.join("; ", skippedHere));
            }
            return new Plan.Skip(String.join("; ", skippedHere));
        }
    }

    /**
     * The digest keys a push sets, each beside the tag key of its task: a digest moves only with a tag site that
     * takes the push, and is never put to the tag's policy (a digest is no tag).
     */
    private static final class DigestSites {
        private final Map<Site, String> oldDigests = new LinkedHashMap<>();
        private final Map<Site, String> newDigests = new LinkedHashMap<>();
        private final Map<Site, Set<Site>> tagSites = new LinkedHashMap<>();

        void propose(Site site, Site tagSite, String oldDigest, String newDigest) {
            oldDigests.put(site, oldDigest);
            newDigests.put(site, newDigest); // one push, one digest
            tagSites.computeIfAbsent(site, s -> new LinkedHashSet<>()).add(tagSite);
        }

        /** Adds each digest site's change or currency; true when one follows, so the register must confirm it. */
        boolean decide(Set<Site> followedTags, List<MetaChange> changes, List<String> current) {
            boolean follows = false;
            for (Map.Entry<Site, String> entry : newDigests.entrySet()) {
                Site site = entry.getKey();
                if (!followedTags.containsAll(tagSites.get(site))) {
                    continue; // the tag key said why it does not move
                }
                follows = true;
                String digest = entry.getValue();
                String oldDigest = oldDigests.get(site);
                if (digest.equals(oldDigest)) {
                    current.add(site.key() + "=" + digest + " at " + site.where());
                } else {
                    changes.add(new MetaChange(site.level(), site.group(), site.task(), site.key(), oldDigest, digest));
                }
            }
            return follows;
        }
    }

    private static ObjectNode apply(ObjectNode job, List<MetaChange> changes) {
        ObjectNode copy = job.deepCopy();
        for (MetaChange change : changes) {
            JsonNode owner = copy;
            if (change.level() != MetaLevel.JOB) {
                owner = named(copy.get("TaskGroups"), change.group());
            }
            if (change.level() == MetaLevel.TASK) {
                owner = named(owner.get("Tasks"), change.task());
            }
            // The key was read from this Meta object, so it exists: no key or object is ever invented.
            ((ObjectNode) owner.get("Meta")).put(change.key(), change.newValue());
        }
        // Re-posting a fetched job would copy its VersionTag onto the new version (docs/nomad-api.md#spec-change, #ignored-fields).
        copy.putNull("VersionTag");
        return copy;
    }

    private static JsonNode named(JsonNode array, String name) {
        for (JsonNode element : elements(array)) {
            if (name.equals(text(element.get("Name")))) {
                return element;
            }
        }
        throw new IllegalStateException("no element named " + name); // read from the same job moments ago
    }

    private static Iterable<JsonNode> elements(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String jobName(ObjectNode job) {
        String namespace = text(job.get("Namespace"));
        return (namespace == null ? "default" : namespace) + "/" + text(job.get("ID"));
    }
}
