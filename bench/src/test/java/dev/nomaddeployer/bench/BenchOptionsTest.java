package dev.nomaddeployer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void withoutAScenarioTheOriginalBurstRunKeepsItsDefaults() {
        BenchOptions o = BenchOptions.parse();

        assertThat(o.scenario()).isEqualTo(Scenario.BURST);
        assertThat(o.jobs()).isEqualTo(200);
        assertThat(o.repos()).isEqualTo(50);
        assertThat(o.pushes()).isEqualTo(2000);
        assertThat(o.paced()).isEqualTo(100);
        assertThat(o.pacedInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.javaOptions()).as("absolute: the service runs in a directory of its own")
                .containsExactly("@" + java.nio.file.Path.of("config/jvm.options").toAbsolutePath());
    }

    @Test
    void theScaleRunDefaultsToTenThousandJobsEachItsOwnRepository() {
        BenchOptions o = BenchOptions.parse("--scenario", "scale", "--paced-rate", "12.5", "--senders", "4");

        assertThat(o.jobs()).isEqualTo(10_000);
        assertThat(o.repos()).isEqualTo(10_000);
        assertThat(o.warmup()).isEqualTo(1000);
        assertThat(o.paced()).isEqualTo(1000);
        assertThat(o.pushes()).isEqualTo(1000);
        assertThat(o.pacedRate()).isEqualTo(12.5);
        assertThat(o.senders()).isEqualTo(4);
        assertThat(BenchOptions.parse("--scenario", "warm-restart", "--jobs", "300").repos()).isEqualTo(300);
    }

    @Test
    void aSmallFleetNeedsNoOptionOfAnotherScenarioToFitIt() {
        assertThat(BenchOptions.parse("--jobs", "50", "--repos", "10").jobs()).isEqualTo(50);
        assertThat(BenchOptions.parse("--scenario", "scale", "--jobs", "50").repos()).isEqualTo(50);
    }

    @Test
    void theServicesJvmOptionsAreSplitAtSpaces() {
        assertThat(BenchOptions.parse("--java-opts", " -Xmx96m  -XX:+UseSerialGC ").javaOptions())
                .isEqualTo(List.of("-Xmx96m", "-XX:+UseSerialGC"));
    }

    @Test
    void anOptionOfAnotherScenarioIsRefusedByName() {
        assertThatThrownBy(() -> BenchOptions.parse("--senders", "8"))
                .hasMessage("option --senders does not apply to --scenario burst");
        assertThatThrownBy(() -> BenchOptions.parse("--scenario", "cold-start", "--changed", "5"))
                .hasMessage("option --changed does not apply to --scenario cold-start");
        assertThatThrownBy(() -> BenchOptions.parse("--sendres", "8")).hasMessage("unknown option --sendres");
    }

    @Test
    void wrongValuesNameTheirOption() {
        assertThatThrownBy(() -> BenchOptions.parse("--scenario", "soak")).hasMessageContaining("--scenario")
                .hasMessageContaining("cold-start");
        assertThatThrownBy(() -> BenchOptions.parse("--scenario", "scale", "--paced-rate", "0"))
                .hasMessageContaining("--paced-rate");
        assertThatThrownBy(() -> BenchOptions.parse("--jobs", "10", "--repos", "20")).hasMessageContaining("--repos 20");
        assertThatThrownBy(() -> BenchOptions.parse("--scenario", "warm-restart", "--jobs", "10", "--changed", "11"))
                .hasMessageContaining("--changed 11");
        assertThatThrownBy(() -> BenchOptions.parse("--jobs")).hasMessage("option --jobs needs a value");
    }

    @Test
    void theStoreIsSqliteUnlessPostgresqlIsAskedForAndAnythingElseIsRefusedByName() {
        assertThat(BenchOptions.parse().store()).isEqualTo(StoreKind.SQLITE);
        assertThat(BenchOptions.parse("--scenario", "scale", "--store", "postgresql").store()).isEqualTo(StoreKind.POSTGRESQL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse("--store", "mysql"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--store").hasMessageContaining("mysql");
    }
}
