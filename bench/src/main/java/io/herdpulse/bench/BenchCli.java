package io.herdpulse.bench;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/herdpulse bench}: the real-stack benchmark's command line. */
@Command(
        name = "herdpulse bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks the real local stack (started as by 'up --no-simulator' if it is not"
                    + " running): throughput against Kafka's ConsumerPerformance, the job without"
                    + " sinks and a Flink SQL job; latency at a fixed rate; cost growth with the"
                    + " herd; the producer against Kafka's ProducerPerformance.",
            "Writes SUITE.json, SUITE.csv and SUITE.png per suite and prints a summary. Run it"
                    + " alone on the machine: every figure is a ratio against a baseline run"
                    + " beside it, and still noisy."
        })
public final class BenchCli implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--quick",
            description =
                    "Tiny data sets: proves the harness and its counts in about a minute;"
                            + " the figures mean nothing.")
    boolean quick;

    @Option(
            names = "--results",
            paramLabel = "DIR",
            description = "Directory for the results (default: $HERDPULSE_HOME/bench/<UTC time>).")
    Path results;

    @Option(
            names = "--suites",
            split = ",",
            paramLabel = "SUITE",
            description =
                    "Suites to run, comma-separated: ${COMPLETION-CANDIDATES} (default: all).")
    List<Suite> suites = List.of(Suite.values());

    @Option(
            names = "--throughput-animals",
            paramLabel = "N",
            description =
                    "Animals of the throughput suite's data set (default: 2000; 100 with"
                            + " --quick).")
    Integer throughputAnimals;

    @Option(
            names = "--throughput-readings",
            paramLabel = "N",
            description =
                    "Readings per animal in it, one every 10 minutes (default: 96; 12 with"
                            + " --quick). --throughput-animals 2000 --throughput-readings 1000 is a"
                            + " backlog of 2,000,000 readings.")
    Integer throughputReadings;

    @Option(
            names = "--throughput-windows",
            split = ",",
            paramLabel = "WINDOW",
            description =
                    "Windows the throughput suite's Flink jobs run with, ISO-8601, each dividing an"
                            + " hour (default: PT1M,PT1H; PT1H with --quick).")
    List<Duration> throughputWindows;

    @Option(
            names = "--throughput-job-only",
            description =
                    "Run only the job beside ConsumerPerformance, not the job with sinks discarded"
                            + " nor the Flink SQL job (for a long backlog).")
    boolean throughputJobOnly;

    @Option(
            names = "--throughput-baseline-jar",
            paramLabel = "JAR",
            description =
                    "Another build's herdpulse-job.jar (e.g. main's), run beside this build's job"
                            + " on the same topic, database counts checked the same way: a change"
                            + " and its baseline in one start of the stack.")
    Path throughputBaselineJar;

    @Option(
            names = "--throughput-rounds",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Runs of each Flink variant per window, the order turning each round; ratios"
                            + " are of the medians (default: ${DEFAULT-VALUE}).")
    int throughputRounds;

    public static void main(String[] args) {
        // The charts are drawn without a display.
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new BenchCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(
                (bad, arguments) -> {
                    bad.getCommandLine()
                            .getErr()
                            .println("herdpulse bench: " + bad.getMessage() + " (see --help)");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (failure, commandLine, parsed) -> {
                    if (failure instanceof StackException) {
                        commandLine.getErr().println("herdpulse bench: " + failure.getMessage());
                        return 1;
                    }
                    throw failure;
                });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Path directory = results != null ? results : defaultResults();
        new Bench(
                        sizes(),
                        EnumSet.copyOf(suites),
                        directory.toAbsolutePath(),
                        new Progress(System.out))
                .run();
        return 0;
    }

    BenchSizes sizes() {
        BenchSizes sizes = quick ? BenchSizes.quick() : BenchSizes.full();
        int animals = throughputAnimals != null ? throughputAnimals : sizes.throughputAnimals();
        int readings =
                throughputReadings != null ? throughputReadings : sizes.throughputIntervals();
        List<Duration> windows =
                throughputWindows != null ? throughputWindows : sizes.throughputWindows();
        if (throughputRounds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--throughput-rounds must be at least 1");
        }
        if (throughputBaselineJar != null && !Files.isRegularFile(throughputBaselineJar)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--throughput-baseline-jar: " + throughputBaselineJar + " is not a file");
        }
        if (animals < 1 || readings < 1 || windows.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--throughput-animals and --throughput-readings must be at least 1");
        }
        for (Duration window : windows) {
            if (window.isNegative()
                    || window.isZero()
                    || Duration.ofHours(1).toMillis() % window.toMillis() != 0) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--throughput-windows: " + window + " does not divide an hour");
            }
        }
        return sizes.withThroughput(animals, readings, windows, throughputJobOnly)
                .withThroughputBaseline(
                        Optional.ofNullable(throughputBaselineJar).map(jar -> jar.toAbsolutePath()),
                        throughputRounds);
    }

    private static Path defaultResults() {
        String now =
                ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return StackHome.of(Distribution.locate()).root().resolve("bench").resolve(now);
    }
}
