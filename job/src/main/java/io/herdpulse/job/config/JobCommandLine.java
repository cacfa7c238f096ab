package io.herdpulse.job.config;

import io.herdpulse.alerts.AlertThresholds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The job's options: every name, default and meaning is declared here, once. {@link #parse} turns
 * the command line into the immutable {@link JobConfig}; nothing else reads arguments or the
 * environment.
 */
@Command(
        name = "herdpulse-job",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "The HerdPulse Flink job: validates, de-duplicates and windows the readings of a Kafka"
                    + " topic and upserts the results into PostgreSQL.",
            "Durations are ISO-8601 (PT1M, PT30S, P3D)."
        },
        footer = {
            "The database password comes from --db-password-file or, without it, from the"
                    + " environment variable "
                    + JobCommandLine.PASSWORD_ENV
                    + "."
        })
public final class JobCommandLine {
    public static final String PASSWORD_ENV = "HERDPULSE_DB_PASSWORD";

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    private boolean help;

    @Option(
            names = "--job-name",
            defaultValue = "HerdPulse",
            description =
                    "Name of the Flink job; the local stack finds its job by this name, so other"
                            + " runs of the jar (a drill's) need another (default:"
                            + " ${DEFAULT-VALUE}).")
    private String jobName;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = "cow-health-data",
            description = "Topic of the readings (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(
            names = "--group-id",
            defaultValue = "herdpulse-job",
            description =
                    "Kafka consumer group; offsets are committed on checkpoints (default:"
                            + " ${DEFAULT-VALUE}).")
    private String groupId;

    @Option(
            names = "--starting-offsets",
            defaultValue = "committed",
            converter = StartingOffsetsConverter.class,
            description =
                    "committed, earliest or latest: where to start without a checkpoint or"
                            + " savepoint; committed falls back to earliest (default:"
                            + " ${DEFAULT-VALUE}).")
    private StartingOffsets startingOffsets;

    @Option(
            names = "--bounded",
            description =
                    "Read up to the end the topic has when the job starts, then finish (a"
                            + " backfill); without it the job runs until cancelled.")
    private boolean bounded;

    @Option(
            names = "--db-url",
            defaultValue = "jdbc:postgresql://127.0.0.1:5432/herdpulse",
            description =
                    "PostgreSQL JDBC URL; reWriteBatchedInserts=true, connect and login"
                            + " timeouts of 10 s, a socket timeout of 60 s and TCP keep-alives"
                            + " are added unless set (default: ${DEFAULT-VALUE}).")
    private String dbUrl;

    @Option(
            names = "--db-user",
            defaultValue = "herdpulse_writer",
            description = "Database role the job writes as (default: ${DEFAULT-VALUE}).")
    private String dbUser;

    @Option(
            names = "--db-password-file",
            paramLabel = "PATH",
            description =
                    "File holding the database password (first line); without it the"
                            + " environment variable "
                            + PASSWORD_ENV
                            + " is used.")
    private Path dbPasswordFile;

    @Option(
            names = "--window",
            defaultValue = "PT1M",
            converter = PositiveDuration.class,
            description =
                    "Tumbling event-time window of the stats tables (default: ${DEFAULT-VALUE}).")
    private Duration window;

    @Option(
            names = "--out-of-orderness",
            defaultValue = "PT10S",
            converter = NonNegativeDuration.class,
            description =
                    "How far behind the newest reading of its partition a reading may arrive"
                            + " and still be on time (default: ${DEFAULT-VALUE}).")
    private Duration outOfOrderness;

    @Option(
            names = "--allowed-lateness",
            defaultValue = "PT1M",
            converter = NonNegativeDuration.class,
            description =
                    "How long after its window closed a reading still updates the window's"
                            + " rows; later readings are rejected as LATE (default:"
                            + " ${DEFAULT-VALUE}).")
    private Duration allowedLateness;

    @Option(
            names = "--watermark-interval",
            defaultValue = "PT0.05S",
            converter = PositiveDuration.class,
            description =
                    "How often the source emits its watermark (Flink's"
                            + " pipeline.auto-watermark-interval); an alert waits up to this"
                            + " long after the out-of-orderness (default: ${DEFAULT-VALUE}).")
    private Duration watermarkInterval;

    @Option(
            names = "--idleness",
            defaultValue = "PT30S",
            converter = PositiveDuration.class,
            description =
                    "A partition without data for this long stops holding back the watermark"
                            + " (default: ${DEFAULT-VALUE}).")
    private Duration idleness;

    @Option(
            names = "--wake-hold",
            defaultValue = "PT5S",
            converter = NonNegativeDuration.class,
            description =
                    "A partition that gets readings again after being idle holds the watermark"
                            + " at its first new reading until this long after it woke, so that"
                            + " partitions waking with it are not overtaken by its readings; so does a"
                            + " partition added to the topic, from its first reading (default:"
                            + " ${DEFAULT-VALUE}).")
    private Duration wakeHold;

    @Option(
            names = "--max-partition-drift",
            defaultValue = "PT1H",
            converter = PositiveDuration.class,
            description =
                    "A partition whose watermark runs further ahead of the slowest partition's"
                            + " is paused until that one catches up, so a backlog is read evenly"
                            + " in event time; a smaller drift keeps less state waiting for the"
                            + " watermark but pauses the partitions more often (default:"
                            + " ${DEFAULT-VALUE}).")
    private Duration maxPartitionDrift;

    @Option(
            names = "--dedup-horizon",
            defaultValue = "PT10M",
            converter = NonNegativeDuration.class,
            description =
                    "How long after its window closed (end + allowed lateness, in event time) a"
                            + " readingId is still recognised: a copy within it is DUPLICATE, a"
                            + " later copy LATE (default: ${DEFAULT-VALUE}).")
    private Duration dedupHorizon;

    @Option(
            names = "--max-future",
            defaultValue = "PT5M",
            converter = FutureAllowance.class,
            description =
                    "Timestamps further than this ahead of the job's clock (on a topic stamped"
                            + " LogAppendTime, of when the broker took the record, if earlier) are"
                            + " rejected as FUTURE_TIMESTAMP; at most P365D (default:"
                            + " ${DEFAULT-VALUE}).")
    private Duration maxFuture;

    /** The alert rules' thresholds; FEVER's also decides who counts in animals_with_fever. */
    @Mixin private AlertOptions alerts;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "PT5S",
            converter = PositiveDuration.class,
            description =
                    "Checkpoint interval; rows reach PostgreSQL on every checkpoint (default:"
                            + " ${DEFAULT-VALUE}).")
    private Duration checkpointInterval;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description =
                    "Checkpoint storage (file:///..., s3://...); without it the cluster's"
                            + " configuration applies.")
    private String checkpointDirectory;

    @Option(
            names = "--sink-batch-size",
            defaultValue = "1000",
            description = "Rows per JDBC batch before an early flush (default: ${DEFAULT-VALUE}).")
    private int sinkBatchSize;

    @Option(
            names = "--sink-batch-interval",
            defaultValue = "PT0.2S",
            converter = NonNegativeDuration.class,
            description =
                    "Longest time a reject row waits in the sink's buffer; PT0S flushes only on"
                            + " checkpoints and full batches (default: ${DEFAULT-VALUE}).")
    private Duration sinkBatchInterval;

    @Option(
            names = "--alert-batch-interval",
            defaultValue = "PT0.01S",
            converter = PositiveDuration.class,
            description =
                    "Longest time an alert row waits in the alert sink's buffer (default:"
                            + " ${DEFAULT-VALUE}).")
    private Duration alertBatchInterval;

    @Option(
            names = "--sink-max-retries",
            defaultValue = "3",
            description =
                    "Attempts of a failed JDBC batch before the job restarts (default:"
                            + " ${DEFAULT-VALUE}).")
    private int sinkMaxRetries;

    @Option(
            names = "--discard-sinks",
            description =
                    "Drop every row instead of writing it to PostgreSQL: the job without its"
                            + " database, for benchmarks.")
    private boolean discardSinks;

    private JobCommandLine() {}

    /**
     * Parses the arguments, reading the password from its file or from {@code environment}. When
     * the job should not start (help asked for, a bad option) it prints the help or a one-line
     * error, calls {@code exit} with the status to exit with, and returns empty.
     */
    public static Optional<JobConfig> parse(
            Map<String, String> environment,
            PrintWriter out,
            PrintWriter err,
            IntConsumer exit,
            String... args) {
        CommandLine commandLine = new CommandLine(new JobCommandLine());
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                exit.accept(0);
                return Optional.empty();
            }
            return Optional.of(
                    ((JobCommandLine) commandLine.getCommand()).toConfig(commandLine, environment));
        } catch (ParameterException e) {
            err.println("herdpulse-job: " + e.getMessage() + " (see --help)");
            exit.accept(2);
            return Optional.empty();
        }
    }

    /**
     * {@link #parse} for a job's {@code main}: the process' environment and standard streams; exits
     * the process when the job should not start.
     */
    public static Optional<JobConfig> parseMain(String... args) {
        return parse(
                System.getenv(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                System::exit,
                args);
    }

    private JobConfig toConfig(CommandLine commandLine, Map<String, String> environment) {
        if (sinkBatchSize < 1) {
            throw new ParameterException(commandLine, "--sink-batch-size must be at least 1");
        }
        if (sinkMaxRetries < 0) {
            throw new ParameterException(commandLine, "--sink-max-retries must not be negative");
        }
        AlertThresholds thresholds = alerts.toThresholds();
        if (jobName.isBlank()) {
            throw new ParameterException(commandLine, "--job-name must not be blank");
        }
        return new JobConfig(
                jobName,
                new KafkaSettings(bootstrapServers, topic, groupId, startingOffsets, bounded),
                new DatabaseSettings(
                        DatabaseSettings.withDriverDefaults(dbUrl),
                        dbUser,
                        password(commandLine, environment),
                        sinkBatchSize,
                        sinkBatchInterval,
                        alertBatchInterval,
                        sinkMaxRetries),
                new PipelineSettings(
                        window,
                        outOfOrderness,
                        allowedLateness,
                        watermarkInterval,
                        idleness,
                        wakeHold,
                        maxPartitionDrift,
                        dedupHorizon,
                        maxFuture,
                        thresholds.temperature().feverC()),
                thresholds,
                checkpointInterval,
                Optional.ofNullable(checkpointDirectory),
                discardSinks);
    }

    private String password(CommandLine commandLine, Map<String, String> environment) {
        if (dbPasswordFile != null) {
            try {
                String content = Files.readString(dbPasswordFile, StandardCharsets.UTF_8);
                String firstLine = content.lines().findFirst().orElse("");
                if (firstLine.isEmpty()) {
                    throw new ParameterException(
                            commandLine, "--db-password-file " + dbPasswordFile + " is empty");
                }
                return firstLine;
            } catch (IOException e) {
                throw new ParameterException(
                        commandLine,
                        "cannot read --db-password-file " + dbPasswordFile + ": " + e.getMessage());
            }
        }
        String password = environment.get(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            throw new ParameterException(
                    commandLine,
                    "no database password: give --db-password-file or set " + PASSWORD_ENV);
        }
        return password;
    }

    static final class StartingOffsetsConverter implements ITypeConverter<StartingOffsets> {
        @Override
        public StartingOffsets convert(String value) {
            for (StartingOffsets offsets : StartingOffsets.values()) {
                if (offsets.name().equalsIgnoreCase(value)) {
                    return offsets;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not one of committed, earliest, latest");
        }
    }

    static class NonNegativeDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an ISO-8601 duration such as PT1M or P3D");
            }
            check(value, duration);
            return duration;
        }

        void check(String value, Duration duration) {
            if (duration.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
        }
    }

    /**
     * The clock plus this must stay a time PostgreSQL stores (year 294276), for every reading: past
     * {@code Instant}'s year 10⁹ it overflowed on every record, and the job restarted for ever.
     */
    static final class FutureAllowance extends NonNegativeDuration {
        private static final Duration MOST = Duration.ofDays(365);

        @Override
        void check(String value, Duration duration) {
            super.check(value, duration);
            if (duration.compareTo(MOST) > 0) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is more than " + MOST.toDays() + " days");
            }
        }
    }

    static final class PositiveDuration extends NonNegativeDuration {
        @Override
        void check(String value, Duration duration) {
            if (duration.isNegative() || duration.isZero() || duration.toMillis() == 0) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' must be at least one millisecond");
            }
        }
    }
}
