package io.herdpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCliTest {

    @Test
    void anUnknownSuiteGetsOneLineAndExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = BenchCli.run("--suites", "throughput,speed");
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("herdpulse bench: ")
                .contains("speed")
                .endsWith("(see --help)" + System.lineSeparator());
    }

    @Test
    void theThroughputSuiteCanRunABacklogOfTwoMillionReadingsWithTheJobAlone() {
        BenchCli cli = new BenchCli();
        new picocli.CommandLine(cli)
                .parseArgs(
                        "--throughput-animals",
                        "2000",
                        "--throughput-readings",
                        "1000",
                        "--throughput-windows",
                        "PT1M",
                        "--throughput-job-only");

        BenchSizes sizes = cli.sizes();

        assertThat((long) sizes.throughputAnimals() * sizes.throughputIntervals())
                .isEqualTo(2_000_000);
        assertThat(sizes.throughputWindows()).containsExactly(java.time.Duration.ofMinutes(1));
        assertThat(sizes.throughputJobsOnly()).isTrue();
        assertThat(sizes.withThroughput(1, 1, sizes.throughputWindows(), true))
                .extracting(BenchSizes::costAnimals, BenchSizes::producerRecords)
                .containsExactly(
                        BenchSizes.full().costAnimals(), BenchSizes.full().producerRecords());
    }

    @Test
    void withoutThroughputOptionsTheSizesAreTheFullRunsOrQuicks() {
        BenchCli full = new BenchCli();
        new picocli.CommandLine(full).parseArgs();
        BenchCli quick = new BenchCli();
        new picocli.CommandLine(quick).parseArgs("--quick");

        assertThat(full.sizes()).isEqualTo(BenchSizes.full());
        assertThat(quick.sizes()).isEqualTo(BenchSizes.quick());
    }

    @Test
    void aWindowThatDoesNotDivideAnHourGetsOneLineAndExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = BenchCli.run("--suites", "throughput", "--throughput-windows", "PT7M");
        } finally {
            System.setErr(original);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("PT7M").contains("divide");
    }
}
