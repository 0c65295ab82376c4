package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.nomaddeployer.testbed.go.GoDuration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration file handed to {@code docker-registry serve}: filesystem storage with deletes enabled,
 * a loopback listener, notification endpoints (none, one, or one per receiver) and optionally basic authentication
 * against an htpasswd file or token authentication ({@link TokenServer}), not both. Rendered as YAML with every string
 * double-quoted (JSON string syntax is valid YAML), so paths, URLs and header values need no escaping rules.
 */
public record RegistryConfig(Path storageDirectory, String listenAddress, List<NotificationEndpoint> endpoints,
                             Optional<Path> htpasswd, Optional<TokenAuth> tokenAuth) {
    static final String NEVER_SENT_MEDIA_TYPE = "application/vnd.nomaddeployer.testbed.never-sent";

    public RegistryConfig {
        endpoints = List.copyOf(endpoints);
        if (htpasswd.isPresent() && tokenAuth.isPresent()) {
            throw new IllegalArgumentException("distribution takes one auth kind: htpasswd or token, not both");
        }
    }

    /** Without authentication, or with basic authentication against {@code htpasswd}. */
    public RegistryConfig(Path storageDirectory, String listenAddress, List<NotificationEndpoint> endpoints,
                          Optional<Path> htpasswd) {
        this(storageDirectory, listenAddress, endpoints, htpasswd, Optional.empty());
    }

    /** Without authentication: anyone may push and pull. */
    public RegistryConfig(Path storageDirectory, String listenAddress, List<NotificationEndpoint> endpoints) {
        this(storageDirectory, listenAddress, endpoints, Optional.empty(), Optional.empty());
    }

    /** At most one endpoint. */
    public RegistryConfig(Path storageDirectory, String listenAddress, Optional<NotificationEndpoint> endpoint) {
        this(storageDirectory, listenAddress, endpoint.map(List::of).orElse(List.of()));
    }

    public String toYaml() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("version: 0.1\n");
        yaml.append("log:\n  level: info\n  formatter: text\n");
        yaml.append("storage:\n");
        yaml.append("  filesystem:\n    rootdirectory: ").append(quote(storageDirectory.toAbsolutePath().toString())).append('\n');
        yaml.append("  delete:\n    enabled: true\n");
        // the purge job would only add log noise during a test that lasts seconds
        yaml.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        yaml.append("http:\n  addr: ").append(quote(listenAddress)).append('\n');
        // every request then needs basic credentials of a user in the file (bcrypt hashes only)
        htpasswd.ifPresent(file -> yaml.append("auth:\n  htpasswd:\n    realm: \"testbed\"\n    path: ")
                .append(quote(file.toAbsolutePath().toString())).append('\n'));
        // every request then needs a token of the token service, signed by a key the bundle certifies
        tokenAuth.ifPresent(token -> yaml.append("auth:\n  token:\n    realm: ").append(quote(token.realm().toString()))
                .append("\n    service: ").append(quote(token.service()))
                .append("\n    issuer: ").append(quote(token.issuer()))
                .append("\n    rootcertbundle: ").append(quote(token.rootCertBundle().toAbsolutePath().toString()))
                .append('\n'));
        if (!endpoints.isEmpty()) {
            yaml.append("notifications:\n  endpoints:\n");
            endpoints.forEach(e -> appendEndpoint(yaml, e));
        }
        return yaml.toString();
    }

    private static void appendEndpoint(StringBuilder yaml, NotificationEndpoint e) {
        yaml.append("    - name: ").append(quote(e.name())).append('\n');
        yaml.append("      url: ").append(quote(e.url().toString())).append('\n');
        if (!e.headers().isEmpty()) {
            yaml.append("      headers:\n");
            for (Map.Entry<String, List<String>> header : e.headers().entrySet()) {
                yaml.append("        ").append(quote(header.getKey())).append(": ").append(list(header.getValue())).append('\n');
            }
        }
        yaml.append("      timeout: ").append(GoDuration.format(e.timeout())).append('\n');
        yaml.append("      threshold: ").append(e.threshold()).append('\n');
        yaml.append("      backoff: ").append(GoDuration.format(e.backoff())).append('\n');
        if (!e.ignoredActions().isEmpty()) {
            // distribution 2.8 skips the whole ignore filter when no media type is ignored, so name one that
            // never occurs; without it "actions" is silently without effect
            yaml.append("      ignore:\n");
            yaml.append("        mediatypes: ").append(list(List.of(NEVER_SENT_MEDIA_TYPE))).append('\n');
            yaml.append("        actions: ").append(list(e.ignoredActions())).append('\n');
        }
    }

    private static String list(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        return out.append(']').toString();
    }

    private static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
