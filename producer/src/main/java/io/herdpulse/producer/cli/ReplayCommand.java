package io.herdpulse.producer.cli;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.metrics.ProducerMetrics;
import io.herdpulse.producer.replay.CsvReadings;
import io.herdpulse.producer.replay.SkippedRow;
import io.herdpulse.producer.run.Pacing;
import io.herdpulse.producer.run.PublishRun;
import io.herdpulse.producer.run.RunReport;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replay}: a CSV file of readings, in file order. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Replays a CSV of readings (header: timestamp,farm_id,animal_id,sensor_id,"
                    + "rumen_temp_c,activity,rumination_min[,water_intake_l,rumen_ph,reading_id,"
                    + "schema_version], any order) to Kafka in file order.",
            "Rows without reading_id get a stable id from farm, animal and timestamp, so replaying"
                    + " a file twice is idempotent downstream. Rows that cannot be mapped are"
                    + " reported with their line number, counted and skipped."
        })
public final class ReplayCommand implements Callable<Integer> {
    /** Enough to see what is wrong with a file without flooding the terminal with it. */
    private static final int SKIPPED_ROWS_PRINTED = 100;

    @ParentCommand private ProducerCli cli;
    @Spec private CommandSpec spec;
    @Mixin private CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file to replay.")
    Path file;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description =
                    "Send at most this many readings per second (default: as fast as possible).")
    Double rate;

    @Option(
            names = "--rebase-time",
            description =
                    "Shift every timestamp by the same amount so the file's latest reading is now"
                            + " (reads the file twice).")
    boolean rebaseTime;

    @Override
    public Integer call() {
        CommandChecks checks = new CommandChecks(spec);
        KafkaSettings kafka = common.kafka("replay", checks);
        checks.require(
                rate == null || (rate > 0 && Double.isFinite(rate)),
                "--rate must be a positive number of readings per second, not " + rate);
        checks.require(
                Files.isRegularFile(file) && Files.isReadable(file),
                "cannot read " + file + " (no such readable file)");
        Duration shift = Duration.ZERO;
        AtomicLong skipped = new AtomicLong();
        try (ProducerMetrics metrics = new ProducerMetrics()) {
            if (rebaseTime) {
                Instant latest =
                        readHeader(() -> CsvReadings.latestTimestamp(file, Instant.now()), checks);
                shift = Duration.between(latest, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            }
            Duration rebase = shift;
            try (CsvReadings readings =
                            readHeader(
                                    () ->
                                            new CsvReadings(
                                                    file,
                                                    rebase,
                                                    row -> {
                                                        metrics.rowSkipped(row.reason());
                                                        report(
                                                                row.toString(),
                                                                skipped.incrementAndGet());
                                                    }),
                                    checks);
                    ReadingPublisher publisher = new ReadingPublisher(kafka, metrics)) {
                common.serveMetrics(metrics);
                if (!readings.unknownColumns().isEmpty()) {
                    cli.err()
                            .println(
                                    "replay: line 1: ignoring unknown columns "
                                            + readings.unknownColumns());
                }
                if (!shift.isZero()) {
                    cli.err().println("replay: timestamps shifted by " + shift);
                }
                long startNanos = System.nanoTime();
                Pacing pacing =
                        rate == null
                                ? Pacing.asFastAsPossible()
                                : Pacing.of(rate, 0, false, InstantSource.system());
                RunReport report =
                        new PublishRun("replay", publisher, metrics, cli.stop(), cli.err())
                                .run(
                                        readings,
                                        pacing,
                                        0,
                                        () -> progress(readings, startNanos),
                                        () -> "line " + readings.line(),
                                        (origin, reason) -> {
                                            metrics.rowSkipped(SkippedRow.REFUSED_BY_KAFKA);
                                            report(
                                                    origin + ": Kafka refused it: " + reason,
                                                    skipped.incrementAndGet());
                                        });
                cli.out().println(report.summary());
                cli.out()
                        .printf(
                                Locale.ROOT,
                                "replay: %d lines read from %s, %d rows skipped%n",
                                readings.line(),
                                file,
                                skipped.get());
                if (!report.succeeded()) {
                    cli.err().println("error: " + report.failure());
                    return ProducerCli.EXIT_FAILED;
                }
                return ProducerCli.EXIT_OK;
            }
        }
    }

    /** Called from the Kafka client's thread too, for a row it refused. */
    private synchronized void report(String row, long number) {
        if (number <= SKIPPED_ROWS_PRINTED) {
            cli.err().println("replay: skipped " + row);
        }
        if (number == SKIPPED_ROWS_PRINTED) {
            cli.err().println("replay: further skipped rows are counted, not printed");
        }
    }

    private static String progress(CsvReadings readings, long startNanos) {
        double done = readings.fractionRead();
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        String eta =
                done <= 0
                        ? "unknown"
                        : Duration.ofSeconds((long) (elapsed * (1 - done) / done))
                                .toString()
                                .substring(2)
                                .toLowerCase(Locale.ROOT);
        return String.format(
                Locale.ROOT,
                "line %d, %.1f %% of the file, ETA %s",
                readings.line(),
                done * 100,
                eta);
    }

    /** A file that fails at its header is a bad option: one line, exit 2. */
    private static <T> T readHeader(java.util.function.Supplier<T> open, CommandChecks checks) {
        try {
            return open.get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw checks.fail(e.getMessage());
        }
    }
}
