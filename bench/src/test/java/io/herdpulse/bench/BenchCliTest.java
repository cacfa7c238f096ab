package io.herdpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aBaselineJarRunsBesideTheJobForTheGivenRounds(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("main.jar"));
        BenchCli cli = new BenchCli();
        new picocli.CommandLine(cli)
                .parseArgs("--throughput-baseline-jar", jar.toString(), "--throughput-rounds", "3");

        BenchSizes sizes = cli.sizes();

        assertThat(sizes.throughputBaselineJar()).contains(jar.toAbsolutePath());
        assertThat(sizes.throughputRounds()).isEqualTo(3);
        assertThat(sizes.withThroughputBaseline(Optional.empty(), 1)).isEqualTo(BenchSizes.full());
    }

    @Test
    void aMissingBaselineJarOrNoRoundGetsExitCodeTwo(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int missing;
        int noRound;
        try {
            missing =
                    BenchCli.run("--throughput-baseline-jar", dir.resolve("absent.jar").toString());
            noRound = BenchCli.run("--throughput-rounds", "0");
        } finally {
            System.setErr(original);
        }

        assertThat(missing).isEqualTo(2);
        assertThat(noRound).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("absent.jar")
                .contains("--throughput-rounds");
    }
}
