package dev.nomaddeployer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.config.GoDuration;
import dev.nomaddeployer.discovery.JobUsage;
import dev.nomaddeployer.discovery.MetaLevel;
import dev.nomaddeployer.image.ImageTemplate;
import dev.nomaddeployer.image.RegistryHosts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a job's nomad-deployer.cooldown meta is read from the index's copy of its tasks. */
class CooldownsTest {
    private static final PushEvent PUSH = new PushEvent("e1", Instant.parse("2026-12-01T10:00:00Z"),
            "registry:5000", "team/web", "1.6.0", "sha256:ab", null, null);
    private final Cooldowns cooldowns = new Cooldowns(new RegistryHosts(List.of()), GoDuration::parse,
            GoDuration.ACCEPTED);

    private static JobUsage usage(String task, String repository, String key, Map<String, String> directives) {
        String image = "registry:5000/" + repository + ":${NOMAD_META_" + key + "}";
        return new JobUsage("default", "web", "web", task, image, ImageTemplate.parse(image).orElseThrow(), key,
                MetaLevel.JOB, "1.5.0", directives);
    }

    @ParameterizedTest(name = "{0} and {1} give {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-                              | -                               | 0s",
            "nomad-deployer.cooldown=15m    | -                               | 15m",
            "nomad-deployer.cooldown=1h30m  | -                               | 1h30m",
            "nomad-deployer.cooldown=0      | -                               | 0s",
            // The key's own cooldown before the job's general one.
            "nomad-deployer.cooldown=15m    | nomad-deployer.cooldown.VERSION=2m | 2m",
            // Another key's cooldown is not this key's.
            "nomad-deployer.cooldown=15m    | nomad-deployer.cooldown.OTHER=2m   | 15m",
    })
    void cooldownIsReadFromTheKeysOwnDirectiveBeforeTheGeneralOne(String general, String own, String expected) {
        Map<String, String> directives = new HashMap<>();
        for (String entry : new String[] {general, own}) {
            if (entry != null) {
                directives.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
        }
        Cooldowns.Reading reading = cooldowns.read(List.of(usage("web", "team/web", "VERSION", directives)), PUSH);

        assertThat(reading.problem()).isEmpty();
        assertThat(reading.cooldown()).isEqualTo(GoDuration.parse(expected));
    }

    @Test
    void ofSeveralTasksRunningThePushedRepositoryTheLongestCooldownHoldsAndOtherRepositoriesDoNotCount() {
        List<JobUsage> usages = List.of(
                usage("web", "team/web", "VERSION", Map.of("nomad-deployer.cooldown", "5m")),
                usage("canary", "team/web", "CANARY_VERSION", Map.of("nomad-deployer.cooldown", "20m")),
                usage("sidecar", "team/sidecar", "SIDECAR", Map.of("nomad-deployer.cooldown", "2h")));

        assertThat(cooldowns.read(usages, PUSH).cooldown()).isEqualTo(Duration.ofMinutes(20));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "15 minutes | unknown unit",
            "-5m        | must not be negative",
            "soon       | expected a number at position 1",
    })
    void invalidCooldownLeavesTheJobAloneSayingWhichValueAndWhatIsAccepted(String value, String reason) {
        Cooldowns.Reading reading = cooldowns.read(List.of(usage("web", "team/web", "VERSION",
                Map.of("nomad-deployer.cooldown", value))), PUSH);

        assertThat(reading.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("nomad-deployer.cooldown \"" + value + "\" of task web/web is not a cooldown (")
                .contains(reason)
                .endsWith("); accepted: " + GoDuration.ACCEPTED + "; the job is left alone"));
    }
}
