package dev.nomaddeployer.testbed.nomad;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ACL tokens of the simulated cluster. ACLs are on when a management token was configured. Client
 * tokens carry namespace-scoped capabilities: {@code list-jobs}, {@code read-job}, {@code submit-job}
 * (and {@code agent:read} under any namespace key for {@code /v1/agent/self}); the namespace key
 * {@code *} means every namespace.
 */
public final class Acl {
    public static final String LIST_JOBS = "list-jobs";
    public static final String READ_JOB = "read-job";
    public static final String SUBMIT_JOB = "submit-job";
    public static final String AGENT_READ = "agent:read";

    /** A resolved token. With ACLs off every request acts as {@link #ANONYMOUS}. */
    public record Token(String secretId, String accessorId, boolean management,
                        Map<String, Set<String>> capabilities) {
        public boolean allows(String namespace, String capability) {
            if (management) {
                return true;
            }
            Set<String> inNamespace = capabilities.getOrDefault(namespace, Set.of());
            Set<String> everywhere = capabilities.getOrDefault("*", Set.of());
            return inNamespace.contains(capability) || everywhere.contains(capability);
        }

        /** True when some namespace rule grants {@code capability}. */
        public boolean allowsAnywhere(String capability) {
            return management || capabilities.values().stream().anyMatch(c -> c.contains(capability));
        }
    }

    static final Token ANONYMOUS = new Token("", "", true, Map.of());

    private final boolean enabled;
    private final String managementSecret;
    private final Map<String, Token> bySecret = new ConcurrentHashMap<>();

    Acl(String managementSecret) {
        this.enabled = managementSecret != null;
        this.managementSecret = managementSecret;
        if (enabled) {
            bySecret.put(managementSecret, new Token(managementSecret,
                    "3c1c8a16-0b47-4bd4-9b4e-54b6d5fe0a11", true, Map.of()));
        }
    }

    String managementSecret() {
        return managementSecret;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Adds a client token; {@code capabilities} maps namespace (or {@code *}) to capability names. */
    public Acl addToken(String secretId, String accessorId, Map<String, Set<String>> capabilities) {
        bySecret.put(secretId, new Token(secretId, accessorId, false, Map.copyOf(capabilities)));
        return this;
    }

    public Acl removeToken(String secretId) {
        bySecret.remove(secretId);
        return this;
    }

    /** The token for {@code secretId}; empty when ACLs are on and no such token exists. */
    public Optional<Token> resolve(String secretId) {
        if (!enabled) {
            return Optional.of(ANONYMOUS);
        }
        return Optional.ofNullable(secretId == null ? null : bySecret.get(secretId));
    }
}
