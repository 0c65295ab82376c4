package dev.nomaddeployer.testbed.nomad;

/** Which Nomad release the simulator imitates where docs/nomad-api.md marks a [2.0] difference. */
public enum NomadVersion {
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

    public static NomadVersion parse(String value) {
        return switch (value) {
            case "1.10", "1.10.5", "V1_10" -> V1_10;
            case "2.0", "2.0.0", "V2_0" -> V2_0;
            default -> throw new IllegalArgumentException(
                    "unknown --nomad-version '" + value + "', expected 1.10 or 2.0");
        };
    }
}
