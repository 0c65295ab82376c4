package dev.nomaddeployer.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a run measures, each with the options that shape it. {@code burst} is the original push-to-rollout run
 * (a sequential burst, then a paced phase); the other three are the production-scale runs.
 */
public enum Scenario {
    BURST("burst", 200, Set.of("--pushes", "--paced", "--interval-ms")),
    COLD_START("cold-start", 10_000, Set.of()),
    WARM_RESTART("warm-restart", 10_000, Set.of("--changed")),
    SCALE("scale", 10_000, Set.of("--warmup", "--paced", "--paced-rate", "--pushes", "--senders"));

    private final String label;
    private final int defaultJobs;
    private final Set<String> ownOptions;

    Scenario(String label, int defaultJobs, Set<String> ownOptions) {
        this.label = label;
        this.defaultJobs = defaultJobs;
        this.ownOptions = ownOptions;
    }

    public String label() {
        return label;
    }

    int defaultJobs() {
        return defaultJobs;
    }

    /** The options only this scenario takes; the common ones are allowed everywhere. */
    Set<String> ownOptions() {
        return ownOptions;
    }

    public static Scenario parse(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("option --scenario needs one of "
                        + String.join(", ", labels()) + ", got \"" + label + "\""));
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(Scenario::label).toList();
    }
}
