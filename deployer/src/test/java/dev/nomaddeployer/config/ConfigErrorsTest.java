package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import dev.nomaddeployer.deploy.DeployWindows;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigErrorsTest {

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void setUp() {
        dir = new ConfigDir(tmp);
    }

    @Test
    void missingConfigFileGivenWithFlagStopsStartupNamingTheFile() {
        assertThatThrownBy(() -> dir.load("-c", "nope/deployer.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + tmp.resolve("nope/deployer.yaml") + " (given with --config) does not exist");
    }

    @Test
    void configFileWithUnsupportedExtensionIsRefused() {
        dir.write("deployer.ini", "a=b\n");

        assertThatThrownBy(() -> dir.load("--config", "deployer.ini"))
                .hasMessageContaining(tmp.resolve("deployer.ini").toString())
                .hasMessageContaining("unsupported extension")
                .hasMessageContaining(".json, .toml, .yaml, .yml, .hcl, .properties");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "deployer.yaml       | 'nomad:\\n  url: [http://x\\n'                  | line 2",
            "deployer.json       | '{\"nomad\": {\"url\": \"http://x\"\\n'          | line 2",
            "deployer.toml       | '[nomad]\\nurl = = \"http://x\"\\n'             | line 2",
            "deployer.hcl        | 'nomad {\\n  url = \"http://x\"\\n'             | line 1",
            "deployer.properties | 'nomad.url=\\u12\\n'                            | line 1",
    })
    void unparsableConfigFileStopsStartupNamingFileAndLine(String name, String content, String line) {
        Path file = dir.write(name, content.replace("\\n", "\n"));

        assertThatThrownBy(() -> dir.load("-c", name))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot parse config file " + file)
                .hasMessageContaining(line);
    }

    @Test
    void badDurationInYamlNamesKeyFileLineAndWhatIsAccepted() {
        Path file = dir.write("deployer.yaml", """
                server:
                  timeout:
                    read: 5
                """);

        assertThatThrownBy(dir::load).hasMessage("server.timeout.read: invalid value \"5\" from file " + file
                + " line 3: missing unit after 5; expected " + GoDuration.ACCEPTED);
    }

    @Test
    void badDeployWindowNamesTheKeyTheEntryAndWhatIsAccepted() {
        Path file = dir.write("deployer.yaml", """
                deploy:
                  windows:
                    - mon-fri 09:00-17:00
                    - weekends 10:00-12:00
                """);

        assertThatThrownBy(dir::load).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("deploy.windows: invalid value \"weekends 10:00-12:00\" from file " + file)
                .hasMessageContaining("unknown day; days are mon, tue, wed, thu, fri, sat, sun")
                .hasMessageEndingWith("expected " + DeployWindows.ACCEPTED);
    }

    @Test
    void unknownWindowZoneFromFlagNamesTheFlagAndWhatIsAccepted() {
        assertThatThrownBy(() -> dir.load("--deploy.windows=mon-fri 09:00-17:00", "--deploy.windows_zone=Europe/Berln"))
                .hasMessage("deploy.windows_zone: invalid value \"Europe/Berln\" from flag --deploy.windows_zone:"
                        + " not a known time zone; expected an IANA time zone ID such as UTC, Europe/Berlin or"
                        + " America/New_York");
    }

    @Test
    void windowsFromAFlagAreCommaSeparatedInTheirZone() throws ConfigException {
        DeployWindows windows = dir.load("--deploy.windows=mon-fri 09:00-17:00,sat 10:00-12:00",
                "--deploy.windows_zone=Europe/Berlin").settings().deploy().windows();

        assertThat(windows).hasToString("mon-fri 09:00-17:00, sat 10:00-12:00 (Europe/Berlin)");
    }

    @Test
    void badDurationInPropertiesNamesTheLine() {
        Path file = dir.write("deployer.properties", "# comment\n\ndeploy.retry.initial = 10 seconds\n");

        assertThatThrownBy(dir::load)
                .hasMessageStartingWith("deploy.retry.initial: invalid value \"10 seconds\" from file " + file + " line 3");
    }

    @Test
    void unknownLogLevelFromVariableNamesTheVariableAndTheLevels() {
        assertThatThrownBy(() -> dir.load(Map.of("DEPLOYER_LOG_LEVEL", "verbose")))
                .hasMessage("log.level: invalid value \"verbose\" from env var DEPLOYER_LOG_LEVEL: unknown value; "
                        + "expected one of trace, debug, info, warn, error");
    }

    @ParameterizedTest
    @CsvSource({
            "ftp://nomad:4646, the scheme must be http or https",
            "127.0.0.1:4646, missing the http:// or https:// scheme",
            "unix:///var/run/nomad.sock, unix sockets are not supported",
            "http://, no host",
    })
    void badNomadUrlFromNomadAddrNamesTheNomadVariable(String url, String reason) {
        assertThatThrownBy(() -> dir.load(Map.of("NOMAD_ADDR", url)))
                .hasMessageStartingWith("nomad.url: invalid value \"" + url + "\" from env var NOMAD_ADDR: " + reason)
                .hasMessageEndingWith("expected an http:// or https:// URL with a host, such as http://127.0.0.1:4646");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33     | prefix length must be 0-32",
            "10.0.0/8        | is not a dotted IPv4 address",
            "example.com/24  | is not an IP address",
            "10.0.0.0/x      | is not a number",
    })
    void badCidrFromFlagNamesTheFlag(String cidr, String reason) {
        assertThatThrownBy(() -> dir.load("--server.allowed_networks", "192.168.0.0/16," + cidr))
                .hasMessageStartingWith("server.allowed_networks: invalid value \"" + cidr
                        + "\" from flag --server.allowed_networks: ")
                .hasMessageContaining(reason)
                .hasMessageContaining("expected comma-separated networks in CIDR notation");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> dir.load(
                Map.of("DEPLOYER_DEPLOY_CONCURRENCY", "0"), "--nomad.timeout=soon", "--server.address=8000"));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("deploy.concurrency: invalid value \"0\" "
                + "from env var DEPLOYER_DEPLOY_CONCURRENCY: must be at least 1"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("nomad.timeout:"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("server.address: invalid value \"8000\""
                + " from flag --server.address: missing :port"));
    }

    @Test
    void badBooleanNamesKeyAndAcceptedSpellings() {
        assertThatThrownBy(() -> dir.load("--nomad.tls.skip_verify=yes"))
                .hasMessage("nomad.tls.skip_verify: invalid value \"yes\" from flag --nomad.tls.skip_verify: "
                        + "not a boolean; expected true or false (also 1/0, t/f)");
    }

    @Test
    void clientCertificateWithoutKeyIsRefused() {
        Path cert = dir.write("tls/client.pem", "cert");

        assertThatThrownBy(() -> dir.load(Map.of("NOMAD_CLIENT_CERT", cert.toString())))
                .hasMessage("nomad.tls.client_cert and nomad.tls.client_key must be set together: "
                        + "nomad.tls.client_cert is set (env var NOMAD_CLIENT_CERT) but nomad.tls.client_key is not");
    }

    @Test
    void missingTlsFileIsRefusedNamingKeyAndFile() {
        assertThatThrownBy(() -> dir.load("--server.tls.cert_file=cert.pem", "--server.tls.key_file=key.pem"))
                .hasMessageContaining("server.tls.cert_file: invalid value \"cert.pem\" from flag --server.tls.cert_file: "
                        + "file " + tmp.resolve("cert.pem") + " does not exist")
                .hasMessageContaining("server.tls.key_file:");
    }

    @Test
    void retryMaximumShorterThanInitialIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> dir.load("--deploy.retry.initial=10s", "--deploy.retry.max=5s"))
                .hasMessage("deploy.retry.max (5s, flag --deploy.retry.max) must not be shorter than "
                        + "deploy.retry.initial (10s, flag --deploy.retry.initial)");
    }

    @Test
    void scalarKeyGivenAListIsRefused() {
        Path file = dir.write("deployer.json", "{\"nomad\": {\"url\": [\"http://a\", \"http://b\"]}}");

        assertThatThrownBy(dir::load)
                .hasMessage("nomad.url: file " + file + " line 1 gives a list where a single value is expected");
    }

    @Test
    void unknownKeyInFileIsAWarningWithASuggestion() throws ConfigException {
        Path file = dir.write("deployer.yaml", """
                # comment
                nomad:
                  ulr: http://nomad:4646
                  colour: blue
                """);

        LoadedSettings loaded = dir.load();

        assertThat(loaded.warnings()).containsExactly(
                "unknown key \"nomad.ulr\" in " + file + " line 3 (did you mean nomad.url?)",
                "unknown key \"nomad.colour\" in " + file + " line 4");
    }

    @Test
    void unknownDeployerVariableIsAWarningWithASuggestion() throws ConfigException {
        LoadedSettings loaded = dir.load(Map.of("DEPLOYER_NOMAD_ULR", "http://x:4646", "HOME", "/root"));

        assertThat(loaded.warnings()).contains(
                "unknown environment variable DEPLOYER_NOMAD_ULR is ignored (did you mean DEPLOYER_NOMAD_URL?)");
    }

    @Test
    void unknownFlagIsAnErrorWithAHint() {
        assertThatThrownBy(() -> dir.load("--nomad.ulr=http://x:4646"))
                .hasMessage("unknown flag --nomad.ulr (did you mean --nomad.url?); run with --help for the list of flags");
    }

    @Test
    void flagWithoutItsValueIsAnError() {
        assertThatThrownBy(() -> dir.load("--nomad.url"))
                .hasMessageContaining("--nomad.url <url>");
    }

    @Test
    void flagGivenTwiceIsAnError() {
        assertThatThrownBy(() -> dir.load("--nomad.url=http://a", "--nomad.url=http://b"))
                .hasMessage("flag --nomad.url is given more than once");
    }

    @Test
    void hclBlockThatIsNeverClosedIsAnErrorNotSilentlyFlattened() {
        Path file = dir.write("deployer.hcl", "log { level = \"warn\" }\nnomad {\n  url = \"http://x:4646\"\n");

        assertThatThrownBy(dir::load)
                .hasMessage("cannot parse config file " + file + ": { opened on line 2 is never closed");
    }

    @Test
    void hclDataSourceIsRefusedInsteadOfFetchingAUrlWhileReadingTheConfig() {
        Path file = dir.write("deployer.hcl", "data \"http\" \"token\" {\n  url = \"http://127.0.0.1:9/token\"\n}\n"
                + "nomad {\n  token = data.http.token.body\n}\n");

        assertThatThrownBy(dir::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot parse config file " + file)
                .hasMessageContaining("data sources (data blocks) are not supported");
    }

    @Test
    void jobsWithoutJobIdsAreRefused() {
        assertThatThrownBy(() -> dir.load(Map.of("DEPLOYER_JOBS", "team/app=")))
                .hasMessageContaining("jobs: invalid value \"team/app\" from env var DEPLOYER_JOBS: "
                        + "repository team/app needs at least one job ID");
    }

    @Test
    void keyWrittenTwiceInYamlIsAWarningNamingBothLinesAndTheLaterWins() throws ConfigException {
        Path file = dir.write("deployer.yaml", """
                nomad:
                  url: http://first:4646
                  region: eu
                  url: http://second:4646
                """);

        LoadedSettings loaded = dir.load();

        assertThat(loaded.settings().nomad().url()).hasHost("second");
        assertThat(loaded.provenance().sourceOf("nomad.url")).isEqualTo(new Source.FileLocation(file, 4));
        assertThat(loaded.warnings()).containsExactly("nomad.url is set twice in " + file + " (file " + file
                + " line 2 and line 4); the later one is used");
    }
}
