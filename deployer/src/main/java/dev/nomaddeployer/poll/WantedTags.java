package dev.nomaddeployer.poll;

import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.policy.PolicyDirectives;
import dev.nomaddeployer.policy.TagPolicy;
import dev.nomaddeployer.policy.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one repository's tags, as its registry lists them, mean for the jobs that run it: which tags to ask the
 * registry about. Pure; the poll asks.
 * <ul>
 * <li>{@code newer}: for each job whose tag policy orders versions ({@code semver:}, or {@code regex:} with a
 * numerical or alphabetical order), the highest listed tag the policy allows over what the job runs. Without such a
 * policy "newer" means nothing (the default shape rule and {@code all} take any tag, pushed order is not in a
 * listing), so nothing is proposed for it.</li>
 * <li>{@code running}: for each job that follows its tag's digest, the tag it runs and the digest it runs it at: a
 * tag that now points elsewhere was pushed again.</li>
 * </ul>
 * The pipeline decides each proposal again as if it were a notification (policy, pauses, cooldowns, windows), so
 * this only has to find candidates, never to judge them finally.
 */
public record WantedTags(Set<String> newer, Map<String, Set<String>> running) {
    public WantedTags {
        newer = Set.copyOf(newer);
        running = Map.copyOf(running);
    }

    public boolean isEmpty() {
        return newer.isEmpty() && running.isEmpty();
    }

    /** Every tag to look up, sorted, each once. */
    public Set<String> tags() {
        Set<String> tags = new TreeSet<>(newer);
        tags.addAll(running.keySet());
        return tags;
    }

    /**
     * Whether the registry's answer that {@code tag} points at {@code digest} is a push no notification brought: a
     * newer tag, or a tag a digest-following job runs at another digest.
     */
    public boolean isPush(String tag, String digest) {
        if (newer.contains(tag)) {
            return true;
        }
        Set<String> digests = running.get(tag);
        return digests != null && digests.stream().anyMatch(runningDigest -> !runningDigest.equals(digest));
    }

    /** {@code usages}: the tasks that run the listed repository from this registry (resolved or not). */
    public static WantedTags of(List<JobUsage> usages, List<String> listed) {
        Set<String> newer = new TreeSet<>();
        Map<String, Set<String>> running = new TreeMap<>();
        for (JobUsage usage : usages) {
            if (!usage.isResolved()) {
                continue;
            }
            newest(usage, listed).ifPresent(newer::add);
            if (usage.followsDigest() && usage.digest().isResolved() && usage.digest().currentValue() != null) {
                running.computeIfAbsent(usage.template().tag().render(usage.currentValue()), tag -> new TreeSet<>())
                        .add(usage.digest().currentValue());
            }
        }
        return new WantedTags(newer, running);
    }

    private static Optional<String> newest(JobUsage usage, List<String> listed) {
        if (!(PolicyDirectives.read(usage::directive) instanceof PolicyDirectives.Reading.Valid valid)
                || !valid.policy().ordered()) {
            return Optional.empty();
        }
        TagPolicy policy = valid.policy();
        String current = usage.currentValue();
        return listed.stream()
                .flatMap(tag -> usage.template().tag().match(tag).stream())
                .filter(value -> !value.equals(current))
                .filter(value -> policy.judge(current, value) instanceof Verdict.Allowed)
                .max(policy::compare)
                .map(usage.template().tag()::render);
    }
}
