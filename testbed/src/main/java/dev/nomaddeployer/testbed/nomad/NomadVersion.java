package dev.nomaddeployer.testbed.nomad;

/**
 * Which Nomad release the simulator imitates where docs/nomad-api.md marks a [2.0] difference. {@link #V1_8}
 * stands for a Nomad before 1.9: it behaves as 1.10 except that it has no job version tags.
 */
public enum NomadVersion {
    V1_8("1.8.4"),
    V1_10("1.10.5"),
    V2_0("2.0.0");

    private final String text;

    NomadVersion(String text) {
        this.text = text;
    }

    /** The version string `/v1/agent/self` reports. */
    public String text() {
        return text;
    }

    /** Job version tags (`/v1/job/:id/versions/:name/tag`) arrived in Nomad 1.9. */
    public boolean hasVersionTags() {
        return this != V1_8;
    }

    public boolean before(NomadVersion other) {
        return ordinal() < other.ordinal();
    }

    public static NomadVersion parse(String value) {
        return switch (value) {
            case "1.8", "1.8.4", "V1_8" -> V1_8;
            case "1.10", "1.10.5", "V1_10" -> V1_10;
            case "2.0", "2.0.0", "V2_0" -> V2_0;
            default -> throw new IllegalArgumentException(
                    "unknown --nomad-version '" + value + "', expected 1.8, 1.10 or 2.0");
        };
    }
}
