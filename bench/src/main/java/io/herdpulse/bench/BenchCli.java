package io.herdpulse.bench;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
                        quick ? BenchSizes.quick() : BenchSizes.full(),
                        EnumSet.copyOf(suites),
                        directory.toAbsolutePath(),
                        new Progress(System.out))
                .run();
        return 0;
    }

    private static Path defaultResults() {
        String now =
                ZonedDateTime.now(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return StackHome.of(Distribution.locate()).root().resolve("bench").resolve(now);
    }
}
