package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.image.ImageTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a job as {@code GET /v1/job/:id} returns it and lists its tasks that run a templated image. */
public final class JobUsages {

    private static final Set<String> IMAGE_DRIVERS = Set.of("docker", "podman");

    private JobUsages() {
    }

    /** Every docker/podman task whose {@code Config.image} is an {@link ImageTemplate}, in job order. */
    public static List<JobUsage> of(ObjectNode job) {
        String namespace = textOr(job.get("Namespace"), "default");
        String jobId = textOr(job.get("ID"), null);
        List<JobUsage> usages = new ArrayList<>();
        for (JsonNode group : elements(job.get("TaskGroups"))) {
            for (JsonNode task : elements(group.get("Tasks"))) {
                if (!IMAGE_DRIVERS.contains(textOr(task.get("Driver"), ""))) {
                    continue;
                }
                String image = textOr(task.path("Config").get("image"), null);
                Optional<ImageTemplate> template = ImageTemplate.parse(image);
                if (template.isEmpty()) {
                    continue;
                }
                String variable = template.get().tag().variable();
                Optional<MetaDefinition> definition = EffectiveMeta.resolve(job, group, task, variable);
                usages.add(new JobUsage(namespace, jobId, textOr(group.get("Name"), null),
                        textOr(task.get("Name"), null), image, template.get(),
                        definition.map(MetaDefinition::key).orElse(variable),
                        definition.map(MetaDefinition::level).orElse(null),
                        definition.map(MetaDefinition::value).orElse(null),
                        EffectiveMeta.withPrefix(job, group, task, JobUsage.DIRECTIVE_PREFIX),
                        digestKey(job, group, task, template.get())));
            }
        }
        return List.copyOf(usages);
    }

    private static JobUsage.DigestKey digestKey(JsonNode job, JsonNode group, JsonNode task, ImageTemplate template) {
        if (!template.followsDigest()) {
            return null;
        }
        String variable = template.digestVariable();
        return EffectiveMeta.resolve(job, group, task, variable)
                .map(found -> new JobUsage.DigestKey(found.key(), found.level(), found.value()))
                .orElse(new JobUsage.DigestKey(variable, null, null));
    }

    private static Iterable<JsonNode> elements(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    private static String textOr(JsonNode node, String fallback) {
        return node != null && node.isTextual() ? node.textValue() : fallback;
    }
}
