package dev.nomaddeployer.config;

/** The shape of a setting's value: how help labels it and what an error message says is accepted. */
public enum ValueKind {
    TEXT("<text>", "any text"),
    SECRET("<secret>", "any text"),
    BOOLEAN("<bool>", "true or false (also 1/0, t/f)"),
    COUNT("<n>", "a whole number"),
    DURATION("<duration>", GoDuration.ACCEPTED),
    URL("<url>", "an http:// or https:// URL with a host, such as http://127.0.0.1:4646"),
    LOG_LEVEL("<level>", "one of trace, debug, info, warn, error"),
    LOG_FORMAT("<format>", "one of json, text"),
    PATH("<path>", "a file path"),
    READABLE_FILE("<file>", "a readable file"),
    READABLE_FILE_OR_DIR("<file|dir>", "a readable file or directory"),
    HOST_LIST("<host[:port],...>", "comma-separated host names with an optional port, such as registry:5000,10.0.0.5"),
    CIDR_LIST("<cidr,...>", "comma-separated networks in CIDR notation, such as 10.0.0.0/8,192.168.1.7/32,::1/128"),
    ADDRESS("<host:port>", "host:port such as 0.0.0.0:8000, :8000 or [::1]:8000"),
    JDBC_URL("<jdbc-url>", "a JDBC URL starting with jdbc:, such as jdbc:sqlite:/var/lib/nomad-deployer/deployer.db"),
    JOBS("<repo=job,...>",
            "a map of repository to job IDs: JSON such as {\"team/app\":[\"job-a\",\"job-b\"]}, "
                    + "or team/app=job-a,job-b;team/other=job-c");

    private final String label;
    private final String accepted;

    ValueKind(String label, String accepted) {
        this.label = label;
        this.accepted = accepted;
    }

    public String label() {
        return label;
    }

    public String accepted() {
        return accepted;
    }
}
