package dev.nomaddeployer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecedenceTest {

    @TempDir
    Path tmp;

    private ConfigDir dir;

    @BeforeEach
    void writeConfigFile() {
        dir = new ConfigDir(tmp);
        dir.write("deployer.yaml", """
                nomad:
                  url: http://from-file:4646
                  namespace: file-ns
                  region: file-region
                server:
                  timeout:
                    read: 1s
                deploy:
                  concurrency: 2
                jobs:
                  team/app: [from-file]
                """);
    }

    @Test
    void flagBeatsEveryOtherSource() throws ConfigException {
        LoadedSettings loaded = dir.load(
                Map.of("DEPLOYER_NOMAD_URL", "http://from-deployer-env:4646", "NOMAD_ADDR", "http://from-nomad-env:4646"),
                "--nomad.url", "http://from-flag:4646", "--server.timeout.read=3s");
        Settings settings = loaded.settings();

        assertThat(settings.nomad().url()).isEqualTo(URI.create("http://from-flag:4646"));
        assertThat(settings.server().readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(loaded.provenance().sourceOf("nomad.url")).isEqualTo(new Source.Flag("--nomad.url"));
    }

    @Test
    void deployerVariableBeatsNomadVariableAndFile() throws ConfigException {
        LoadedSettings loaded = dir.load(Map.of(
                "DEPLOYER_NOMAD_URL", "http://from-deployer-env:4646",
                "NOMAD_ADDR", "http://from-nomad-env:4646",
                "DEPLOYER_NOMAD_NAMESPACE", "deployer-ns",
                "NOMAD_NAMESPACE", "nomad-ns",
                "DEPLOYER_DEPLOY_CONCURRENCY", "6"));
        Settings settings = loaded.settings();

        assertThat(settings.nomad().url()).isEqualTo(URI.create("http://from-deployer-env:4646"));
        assertThat(settings.nomad().namespace()).isEqualTo("deployer-ns");
        assertThat(settings.deploy().concurrency()).isEqualTo(6);
        assertThat(loaded.provenance().sourceOf("nomad.url")).isEqualTo(new Source.EnvVar("DEPLOYER_NOMAD_URL"));
    }

    @Test
    void nomadVariableBeatsFile() throws ConfigException {
        LoadedSettings loaded = dir.load(Map.of("NOMAD_ADDR", "http://from-nomad-env:4646", "NOMAD_REGION", "env-region"));
        Settings settings = loaded.settings();

        assertThat(settings.nomad().url()).isEqualTo(URI.create("http://from-nomad-env:4646"));
        assertThat(settings.nomad().region()).contains("env-region");
        assertThat(loaded.provenance().sourceOf("nomad.url")).isEqualTo(new Source.EnvVar("NOMAD_ADDR"));
    }

    @Test
    void fileBeatsDefaults() throws ConfigException {
        LoadedSettings loaded = dir.load();
        Settings settings = loaded.settings();

        assertThat(settings.nomad().url()).isEqualTo(URI.create("http://from-file:4646"));
        assertThat(settings.server().readTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.deploy().concurrency()).isEqualTo(2);
        assertThat(loaded.provenance().sourceOf("nomad.url"))
                .isEqualTo(new Source.FileLocation(tmp.resolve("deployer.yaml"), 2));
    }

    @Test
    void keysNoSourceSetsKeepTheirDefaults() throws ConfigException {
        LoadedSettings loaded = dir.load();
        Settings settings = loaded.settings();

        assertThat(settings.server().writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.server().address()).isEqualTo(new ListenAddress("0.0.0.0", 8000));
        assertThat(settings.deploy().conflictRetries()).isEqualTo(5);
        assertThat(loaded.provenance().sourceOf("server.timeout.write")).isEqualTo(Source.DEFAULT);
    }

    @Test
    void defaultsWithNoSourceAtAllMatchTheDocumentedValues() throws ConfigException {
        LoadedSettings loaded = new ConfigDir(tmp.resolve("empty")).load();
        Settings settings = loaded.settings();

        assertThat(loaded.describe()).extracting(ConfigEntry::key, ConfigEntry::value)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("log.level", "info"),
                        org.assertj.core.groups.Tuple.tuple("log.format", "text"),
                        org.assertj.core.groups.Tuple.tuple("server.address", "0.0.0.0:8000"),
                        org.assertj.core.groups.Tuple.tuple("server.timeout.read", "5s"),
                        org.assertj.core.groups.Tuple.tuple("server.shutdown.timeout", "30s"),
                        org.assertj.core.groups.Tuple.tuple("server.log.requests", "true"),
                        org.assertj.core.groups.Tuple.tuple("server.max_body_bytes", "1048576"),
                        org.assertj.core.groups.Tuple.tuple("nomad.url", "http://127.0.0.1:4646"),
                        org.assertj.core.groups.Tuple.tuple("nomad.namespace", "*"),
                        org.assertj.core.groups.Tuple.tuple("nomad.timeout", "10s"),
                        org.assertj.core.groups.Tuple.tuple("history.retention", "720h0m0s"),
                        org.assertj.core.groups.Tuple.tuple("deploy.retry.max", "1m0s"),
                        org.assertj.core.groups.Tuple.tuple("discovery.refresh", "30s"));
        assertThat(settings.store().path()).isEqualTo(tmp.resolve("empty/nomad-deployer.db"));
        assertThat(settings.nomad().namespace()).isEqualTo("*");
    }

    @Test
    void jobsFromAStrongerSourceReplaceTheWholeMap() throws ConfigException {
        Settings settings = dir.settings(Map.of("DEPLOYER_JOBS", "{\"team/other\": [\"from-env\"]}"));

        assertThat(settings.jobs()).isEqualTo(Map.of("team/other", List.of("from-env")));
    }

    @Test
    void jobsFlagTakesRepositoryEqualsJobListAndMayRepeat() throws ConfigException {
        Settings settings = dir.settings("--jobs", "team/a=job-1,job-2", "--jobs=team/b=job-3");

        assertThat(settings.jobs()).isEqualTo(Map.of("team/a", List.of("job-1", "job-2"), "team/b", List.of("job-3")));
    }

    @Test
    void verboseMeansDebugUnlessLogLevelIsGivenExplicitly() throws ConfigException {
        assertThat(dir.settings("-v").log().level()).isEqualTo(LogLevel.DEBUG);
        assertThat(dir.settings("--verbose", "--log.level=warn").log().level()).isEqualTo(LogLevel.WARN);
    }

    @Test
    void emptyVariableCountsAsUnset() throws ConfigException {
        Settings settings = dir.settings(Map.of("DEPLOYER_NOMAD_URL", "", "NOMAD_ADDR", ""));

        assertThat(settings.nomad().url()).isEqualTo(URI.create("http://from-file:4646"));
    }

    @Test
    void emptyFlagOrFileValueCountsAsUnset() throws ConfigException {
        dir.write("deployer.yaml", "nomad:\n  namespace: \"\"\n  region: file-region\n");

        Settings settings = dir.settings("--nomad.region=");

        assertThat(settings.nomad().namespace()).isEqualTo("*");
        assertThat(settings.nomad().region()).contains("file-region");
    }

    @Test
    void nomadCaCertBeatsNomadCaPath() throws ConfigException {
        Path caFile = dir.write("tls/ca.pem", "pem");
        Path caDir = caFile.getParent();

        assertThat(dir.settings(Map.of("NOMAD_CACERT", caFile.toString(), "NOMAD_CAPATH", caDir.toString()))
                .nomad().tls().caFile()).contains(caFile);
        assertThat(dir.settings(Map.of("NOMAD_CAPATH", caDir.toString())).nomad().tls().caFile()).contains(caDir);
    }
}
