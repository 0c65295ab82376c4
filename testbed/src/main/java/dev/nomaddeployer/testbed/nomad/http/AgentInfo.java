package dev.nomaddeployer.testbed.nomad.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.testbed.go.GoJson;
import dev.nomaddeployer.testbed.nomad.NomadVersion;
import dev.nomaddeployer.testbed.nomad.state.Registrar;
import java.util.function.IntSupplier;

/** `/v1/agent/self` and `/v1/status/leader` of the single simulated server. */
public final class AgentInfo {
    static final String LEADER = "127.0.0.1:4647";

    private final NomadVersion version;
    private final boolean aclEnabled;
    private final IntSupplier httpPort;

    public AgentInfo(NomadVersion version, boolean aclEnabled, IntSupplier httpPort) {
        this.version = version;
        this.aclEnabled = aclEnabled;
        this.httpPort = httpPort;
    }

    ObjectNode self() {
        ObjectNode self = GoJson.object();
        ObjectNode config = self.putObject("config");
        config.put("Region", Registrar.AGENT_REGION).put("Datacenter", "dc1").put("NodeName", "nomad-sim");
        config.putObject("ACL").put("Enabled", aclEnabled).put("TokenTTL", 30_000_000_000L)
                .put("ReplicationToken", aclEnabled ? "<redacted>" : "");
        config.putObject("Ports").put("HTTP", httpPort.getAsInt()).put("RPC", 4647).put("Serf", 4648);
        config.putObject("Version").put("BuildDate", "2025-06-03T00:00:00Z").put("Revision", "nomad-sim")
                .put("Version", version.text()).put("VersionPrerelease", "").put("VersionMetadata", "");
        config.putObject("Server").put("Enabled", true).put("BootstrapExpect", 1);
        ObjectNode member = self.putObject("member");
        member.put("Name", "nomad-sim.global").put("Addr", "127.0.0.1").put("Port", 4648);
        member.putObject("Tags").put("region", Registrar.AGENT_REGION).put("dc", "dc1")
                .put("build", version.text()).put("role", "nomad");
        member.put("Status", "alive");
        ObjectNode stats = self.putObject("stats");
        stats.putObject("nomad").put("leader", "true").put("server", "true").put("known_regions", "1");
        return self;
    }
}
