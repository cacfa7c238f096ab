package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.herdpulse.job.HerdScenario.Position;
import io.herdpulse.job.PipelineHarness.StoredReject;
import io.herdpulse.model.Reading;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A savepoint an earlier version of the job took is resumed by this one with every reading counted
 * once: the upgrade drill resumes only the previous commit's, so a change of a state's type that no
 * savepoint of the commit before it showed (TemperatureState.previousC, 2026-12-02) left older
 * savepoints unreadable unnoticed (found by review, 2026-12-06).
 *
 * <p>Each directory under {@link #FIXTURES} is the canonical savepoint of one version, taken by
 * {@link #writeTheSavepointOfThisVersion} after the first part of the input: a window still open,
 * de-duplication ids and the alert rules' state in it: each cow's pH has been below 5.8 from her
 * first reading, 100 minutes of the 3 hours LOW_PH needs. Resumed, the job reads the rest, which
 * repeats the last readings of the first part: both stats tables must hold exactly the rows the
 * test's own model computes from all of it, the repeats rejected as DUPLICATE, and each cow must
 * have one LOW_PH from her first reading, which only the low time kept in the savepoint makes: the
 * rest alone is not 3 hours (found by review, 2026-12-06: the input had no pH, and nothing showed
 * whether the alert rules' state came back). Run with {@code -Dherdpulse.write-savepoint=NAME} to
 * add this version's (docs/operations.md, savepoints and upgrades).
 */
class SavepointOfAnEarlierVersionIT {
    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(1, 2);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final Path FIXTURES = Path.of("src/test/resources/savepoints");

    private static final String WRITE = "herdpulse.write-savepoint";
    private static final int PARTITIONS = 2;
    private static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(20);

    /** 3 h 20 min of readings, 20 s apart, every one below pH 5.8. */
    private static final int READINGS = 600;

    private static final double LOW_PH = 5.5;

    /**
     * Until before the savepoint: the last at 100 min, in a window of 1 min its next two readings
     * complete after it.
     */
    private static final int BEFORE = 301;

    private static final int REPEATED = 3;

    /** Where every run stops: a savepoint keeps its splits' stopping offsets. */
    private static final long END = READINGS + REPEATED;

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aSavepointOfAnEarlierVersionIsResumedWithEveryReadingCountedOnce(
            String version, @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints)
            throws Exception {
        PipelineHarness run = holdingTheFirstPart(version);
        // This version writes the rows of the windows the savepoint's job had closed; of the
        // window left open it writes a row too soon, which the resumed job replaces.
        start(run, StreamExecutionEnvironment.getExecutionEnvironment(), BEFORE)
                .getJobExecutionResult()
                .get(2, TimeUnit.MINUTES);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            run.send(partition, after(partition));
        }

        StreamExecutionEnvironment resumed = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration fromSavepoint = new Configuration();
        fromSavepoint.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        fromSavepoint.set(
                StateRecoveryOptions.SAVEPOINT_PATH,
                FIXTURES.resolve(version).toAbsolutePath().toUri().toString());
        resumed.configure(fromSavepoint);
        JobClient after = start(run, resumed, END);
        // A bounded Kafka source restored from state never finishes (the connector signals its
        // readers no end: FLINK-31006), so the resumed run ends as a drain does, every window
        // closed, once it has read all.
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .failFast(
                            "the resumed job failed: a state of that version does not restore"
                                    + " (the log's StateMigrationException names it)",
                            () -> after.getJobStatus().get() == JobStatus.FAILED)
                    .untilAsserted(
                            () -> {
                                cluster.triggerCheckpoint(after.getJobID()).get();
                                assertThat(run.committedOffsets())
                                        .isEqualTo(Map.of(0, END, 1, END));
                            });
            after.stopWithSavepoint(
                            true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
        } finally {
            PipelineHarness.cancelIfRunning(after);
        }

        List<Reading> counted = new ArrayList<>();
        List<Position> repeats = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            counted.addAll(readings(partition));
            for (int i = 0; i < REPEATED; i++) {
                repeats.add(new Position(partition, BEFORE + i));
            }
        }
        run.assertStatsOf(counted);
        assertThat(run.rejectRows())
                .allSatisfy(reject -> assertThat(reject.reason()).isEqualTo("DUPLICATE"))
                .extracting(StoredReject::position)
                .containsExactlyInAnyOrderElementsOf(repeats);
        // The drain ends it (the end of time ends every cow's state), so only its start tells.
        assertThat(run.alertRows())
                .allSatisfy(
                        alert -> {
                            assertThat(alert.kind()).isEqualTo("LOW_PH");
                            assertThat(alert.startedAt()).isEqualTo(T0);
                        })
                .extracting(HerdScenario.AlertRow::animalId)
                .containsExactlyInAnyOrder("cow-0", "cow-1");
    }

    /** Not a test unless asked: takes this version's savepoint, as each fixture was taken. */
    @Test
    void writeTheSavepointOfThisVersion(@InjectMiniCluster MiniCluster cluster, @TempDir Path dir)
            throws Exception {
        String version = System.getProperty(WRITE);
        assumeTrue(version != null, "-D" + WRITE + "=NAME");
        PipelineHarness run = holdingTheFirstPart(version);
        JobClient job = start(run, PipelineHarness.restartingEnvironment(), END);
        try {
            run.checkpointUntilCommitted(cluster, job, Map.of(0, (long) BEFORE, 1, (long) BEFORE));
            String savepoint =
                    job.stopWithSavepoint(
                                    false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(2, TimeUnit.MINUTES);
            copy(Path.of(URI.create(savepoint)), FIXTURES.resolve(version));
        } finally {
            PipelineHarness.cancelIfRunning(job);
        }
    }

    private static void copy(Path savepoint, Path fixture) throws IOException {
        try (Stream<Path> files = Files.walk(savepoint)) {
            for (Path file : files.toList()) {
                Path copied = fixture.resolve(savepoint.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copied);
                } else {
                    Files.copy(file, copied);
                }
            }
        }
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> versions = Files.list(FIXTURES)) {
            return versions.map(path -> path.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** A savepoint's source names its topic: one per version, on this class's broker. */
    private static String topicOf(String version) {
        return "readings-" + version;
    }

    /** The partition's cow's readings, each with her low pH. */
    private static List<Reading> readings(int partition) {
        return PipelineHarness.readings(partition, T0, INTERVAL, READINGS).stream()
                .map(
                        r ->
                                new Reading(
                                        r.schemaVersion(),
                                        r.readingId(),
                                        r.farmId(),
                                        r.animalId(),
                                        r.sensorId(),
                                        r.timestamp(),
                                        r.rumenTempC(),
                                        r.activity(),
                                        r.ruminationMin(),
                                        r.waterIntakeL(),
                                        LOW_PH))
                .toList();
    }

    private static List<Reading> before(int partition) {
        return readings(partition).subList(0, BEFORE);
    }

    /** The rest, after the last readings before the savepoint sent again. */
    private static List<Reading> after(int partition) {
        List<Reading> all = readings(partition);
        List<Reading> after = new ArrayList<>(all.subList(BEFORE - REPEATED, BEFORE));
        after.addAll(all.subList(BEFORE, READINGS));
        return after;
    }

    /** The version's topic, holding the input's first part. */
    private static PipelineHarness holdingTheFirstPart(String version) throws Exception {
        PipelineHarness run = PipelineHarness.onTopic(KAFKA.broker(), topicOf(version), PARTITIONS);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            run.send(partition, before(partition));
        }
        return run;
    }

    /** The job with its alert rules, stopping at {@code offset} of each partition. */
    private static JobClient start(PipelineHarness run, StreamExecutionEnvironment env, long offset)
            throws Exception {
        return run.start(
                env,
                run.config(),
                OffsetsInitializer.offsets(
                        Map.of(
                                new TopicPartition(run.topic, 0), offset,
                                new TopicPartition(run.topic, 1), offset)),
                HerdPulseJob.alertRules(run.config().alerts()));
    }
}
