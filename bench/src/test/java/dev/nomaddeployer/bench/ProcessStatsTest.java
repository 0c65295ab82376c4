package dev.nomaddeployer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void cpuTimeIsUserPlusSystemTicksEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 5000 0 12 0 250 37 0 0 20 0 31 0 1234 "
                + "3000000000 40000 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcessStats.cpuMillis(stat)).isEqualTo((250 + 37) * 10);
    }

    @Test
    void residentAndPeakResidentMemoryAreReadFromTheirStatusLines() {
        String status = """
                Name:\tjava
                VmPeak:\t 4000000 kB
                VmHWM:\t  204800 kB
                VmRSS:\t  151552 kB
                Threads:\t31
                """;

        assertThat(ProcessStats.kib(status, "VmHWM:")).isEqualTo(204_800);
        assertThat(ProcessStats.kib(status, "VmRSS:")).isEqualTo(151_552);
        assertThat(new ProcessStats(204_800, 151_552, 0).rssMib()).isEqualTo(148.0);
    }

    @Test
    void aMissingStatusLineIsAFailureNotZero() {
        assertThatThrownBy(() -> ProcessStats.kib("Name:\tjava\n", "VmRSS:")).isInstanceOf(BenchFailure.class);
    }
}
