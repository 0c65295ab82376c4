package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkValuesTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8, 10.200.3.4, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "192.168.1.7/32, 192.168.1.7, true",
            "0.0.0.0/0, 8.8.8.8, true",
            "0.0.0.0/0, ::1, false",
            "::1/128, ::1, true",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
    })
    void allowedNetworkContainsAddressesInsideItOnly(String cidr, String address, boolean inside)
            throws UnknownHostException {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(inside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.0/-1", "nomad.local/24", "", "10.0.0.0/"})
    void malformedNetworkIsRefused(String cidr) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(cidr));
    }

    @Test
    void serverWithoutAllowedNetworksHasNone() throws Exception {
        assertThat(new ConfigDir(tmp).settings().server().allowedNetworks()).isEmpty();
    }

    @Test
    void allowedNetworksFromAFlagContainOnlyThoseClients() throws Exception {
        List<Cidr> networks = new ConfigDir(tmp).settings("--server.allowed_networks=10.0.0.0/8, 127.0.0.1")
                .server().allowedNetworks();

        assertThat(networks).extracting(Cidr::toString).containsExactly("10.0.0.0/8", "127.0.0.1/32");
        assertThat(networks).anyMatch(n -> n.contains(address("10.1.2.3")));
        assertThat(networks).anyMatch(n -> n.contains(address("127.0.0.1")));
        assertThat(networks).noneMatch(n -> n.contains(address("203.0.113.9")));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest(name = "{0} binds {1} port {2}")
    @CsvSource({
            "0.0.0.0:8000, 0.0.0.0, 8000",
            ":8000, '', 8000",
            "localhost:0, localhost, 0",
            "[::1]:9000, ::1, 9000",
    })
    void listenAddressReadsGoStyleHostPort(String text, String host, int port) {
        assertThat(ListenAddress.parse(text)).isEqualTo(new ListenAddress(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8000", "::1:9000", "host:http", "host:70000", "[::1:9000"})
    void malformedListenAddressIsRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> ListenAddress.parse(text));
    }

    @Test
    void listenAddressWithoutHostBindsAllInterfaces() {
        assertThat(ListenAddress.parse(":8000").bindHost()).isEqualTo("0.0.0.0");
        assertThat(ListenAddress.parse("[::1]:9000")).hasToString("[::1]:9000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry:5000,registry.example.com", "10.0.0.5:5000", "[fd00::5]:5000", "Registry"})
    void registryHostsAcceptHostNamesWithOptionalPort(String hosts) throws ConfigException {
        assertThat(new ConfigDir(tmp).settings("--registry.hosts=" + hosts).registry().hosts()).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://registry:5000 | a host name only, without scheme or path",
            "registry:5000/team    | a host name only, without scheme or path",
            "registry:0            | port must be 1-65535",
            "bad_host              | not a host name",
    })
    void registryHostsRefuseUrlsAndBadPorts(String host, String reason) {
        assertThatThrownBy(() -> new ConfigDir(tmp).load("--registry.hosts", "ok:5000," + host))
                .hasMessage("registry.hosts: invalid value \"" + host + "\" from flag --registry.hosts: " + reason
                        + "; expected " + ValueKind.HOSTS.accepted());
    }
}
