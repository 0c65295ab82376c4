package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.testbed.nomad.Acl;
import dev.nomaddeployer.testbed.nomad.NomadSim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nomad renews a task's workload identity by rewriting its token file; the old token then stops working. A
 * service that read {@code nomad.token_file} once would be locked out until restarted.
 */
@Timeout(60)
class RenewedTokenFileTest {
    private static final Map<String, Set<String>> LIST = Map.of("*", Set.of(Acl.LIST_JOBS));

    @TempDir
    Path dir;
    private final NomadSim nomad = NomadSim.builder().managementToken("management-secret").build().start();

    @AfterEach
    void stop() {
        nomad.close();
    }

    @Test
    void aTokenFileRewrittenByNomadIsUsedFromTheNextRequestOn() throws Exception {
        nomad.acl().addToken("first-token", "deployer-1", LIST);
        Path file = Files.writeString(dir.resolve("nomad_token"), "first-token\n");
        NomadClient client = new NomadClient(new NomadConnection(nomad.baseUrl(), Optional.of("first-token"),
                Optional.of(file), Optional.empty(), Duration.ofSeconds(5), Optional.empty()));
        assertThat(client.listJobs("*", 0, Duration.ZERO).stubs()).isEmpty();

        nomad.acl().addToken("second-token", "deployer-2", LIST);
        nomad.acl().removeToken("first-token");
        // Written aside and moved into place, as Nomad's client writes secrets: the file never appears half-written.
        Path next = Files.writeString(dir.resolve("nomad_token.tmp"), "second-token\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(client.listJobs("*", 0, Duration.ZERO).stubs()).isEmpty();
    }

    @Test
    void aTokenGivenDirectlyIsNeverReplaced() throws Exception {
        nomad.acl().addToken("only-token", "deployer", LIST);
        NomadClient client = new NomadClient(new NomadConnection(nomad.baseUrl(), Optional.of("only-token"),
                Optional.empty(), Duration.ofSeconds(5), Optional.empty()));
        assertThat(client.listJobs("*", 0, Duration.ZERO).stubs()).isEmpty();
        nomad.acl().removeToken("only-token");
        assertThatThrownBy(() -> client.listJobs("*", 0, Duration.ZERO))
                .isInstanceOfSatisfying(NomadException.class,
                        e -> assertThat(e.error()).isInstanceOf(NomadError.PermissionDenied.class));
    }
}
