package dev.nomaddeployer.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.image.ImageTemplate;
import dev.nomaddeployer.nomad.JobKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The usages of one job as the store keeps them: a JSON array of the task's image as written and where its tag
 * variable resolves. The template is parsed again on load, so the image grammar stays defined in one place.
 */
public final class UsagesJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsagesJson() {
    }

    public static String write(List<JobUsage> usages) {
        ArrayNode array = JSON.createArrayNode();
        for (JobUsage usage : usages) {
            ObjectNode node = array.addObject().put("group", usage.group()).put("task", usage.task())
                    .put("image", usage.image()).put("metaKey", usage.metaKey());
            ObjectNode directives = node.putObject("directives");
            usage.directives().forEach(directives::put);
            if (usage.isResolved()) {
                node.put("definedAt", usage.definedAt().name().toLowerCase(Locale.ROOT))
                        .put("currentValue", usage.currentValue());
            }
            if (usage.followsDigest()) {
                ObjectNode digest = node.putObject("digest").put("metaKey", usage.digest().metaKey());
                if (usage.digest().isResolved()) {
                    digest.put("definedAt", usage.digest().definedAt().name().toLowerCase(Locale.ROOT))
                            .put("currentValue", usage.digest().currentValue());
                }
            }
        }
        return array.toString();
    }

    /** The usages saved for {@code job}, or empty when the text cannot be read back (the job is then read again). */
    public static Optional<List<JobUsage>> read(JobKey job, String text) {
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (array == null || !array.isArray()) {
            return Optional.empty();
        }
        List<JobUsage> usages = new ArrayList<>();
        for (JsonNode node : array) {
            Optional<ImageTemplate> template = ImageTemplate.parse(node.path("image").asText(null));
            if (template.isEmpty()) {
                return Optional.empty();
            }
            JsonNode directives = node.get("directives");
            if (directives == null || !directives.isObject()) {
                return Optional.empty(); // saved before directives were kept: read the job again
            }
            Map<String, String> directiveValues = new TreeMap<>();
            directives.properties().forEach(field -> directiveValues.put(field.getKey(), field.getValue().asText()));
            Optional<Optional<MetaLevel>> level = level(node);
            if (level.isEmpty()) {
                return Optional.empty();
            }
            JobUsage.DigestKey digest = null;
            if (template.get().followsDigest()) {
                // Rows saved before digests were followed hold no such image, so a missing key is damage: read again.
                JsonNode saved = node.get("digest");
                Optional<Optional<MetaLevel>> digestLevel = saved == null ? Optional.empty() : level(saved);
                if (digestLevel.isEmpty() || !saved.path("metaKey").isTextual()) {
                    return Optional.empty();
                }
                digest = new JobUsage.DigestKey(saved.path("metaKey").asText(), digestLevel.get().orElse(null),
                        digestLevel.get().isEmpty() ? null : saved.path("currentValue").asText(null));
            }
            usages.add(new JobUsage(job.namespace(), job.jobId(), node.path("group").asText(null),
                    node.path("task").asText(null), node.path("image").asText(), template.get(),
                    node.path("metaKey").asText(null), level.get().orElse(null),
                    level.get().isEmpty() ? null : node.path("currentValue").asText(null), directiveValues, digest));
        }
        return Optional.of(usages);
    }

    /** {@code definedAt} of a saved key: empty when unreadable, an empty level when the key resolved nowhere. */
    private static Optional<Optional<MetaLevel>> level(JsonNode node) {
        if (!node.hasNonNull("definedAt")) {
            return Optional.of(Optional.empty());
        }
        try {
            return Optional.of(Optional.of(MetaLevel.valueOf(node.path("definedAt").asText().toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
