package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
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

/**
 * A savepoint resumed with another {@code --window} fails the job once, with both rules named,
 * instead of overwriting the rows its windows had written (AdmitReadings, "one rule per state").
 */
class RestoreUnderAnotherWindowIT {
    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(1, 2);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");

    @Test
    void aSavepointResumedWithAnotherWindowFailsWithoutRestartsNamingBothRules(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
        int count = 10;
        PipelineHarness run = new PipelineHarness(KAFKA.broker(), "restore-other-window", 2);
        run.send(0, PipelineHarness.readings(0, T0, Duration.ofMinutes(1), count));
        run.send(1, PipelineHarness.readings(1, T0, Duration.ofMinutes(1), count));
        // Never reached: the first run ends with its savepoint.
        OffsetsInitializer beyondTheReadings =
                OffsetsInitializer.offsets(
                        Map.of(
                                new TopicPartition(run.topic, 0), 1_000L,
                                new TopicPartition(run.topic, 1), 1_000L));

        JobClient first =
                run.start(
                        PipelineHarness.restartingEnvironment(),
                        run.configFor(options("PT1M")),
                        beyondTheReadings);
        String savepoint;
        try {
            run.checkpointUntilCommitted(cluster, first, Map.of(0, (long) count, 1, (long) count));
            savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(2, TimeUnit.MINUTES);
        } finally {
            PipelineHarness.cancelIfRunning(first);
        }

        long rowsWritten = run.animalRowCount();
        StreamExecutionEnvironment resumed = PipelineHarness.restartingEnvironment();
        Configuration fromSavepoint = new Configuration();
        fromSavepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        resumed.configure(fromSavepoint);
        JobClient second = run.start(resumed, run.configFor(options("PT1H")), beyondTheReadings);
        try {
            assertThatThrownBy(() -> second.getJobExecutionResult().get(2, TimeUnit.MINUTES))
                    .hasStackTraceContaining(
                            "written with --window PT1M --allowed-lateness PT20S, and this job runs"
                                    + " with --window PT1H --allowed-lateness PT20S");
        } finally {
            PipelineHarness.cancelIfRunning(second);
        }
        // Failed at once: the restart strategy (five attempts) was never asked.
        assertThat(
                        cluster.getExecutionGraph(second.getJobID())
                                .get(1, TimeUnit.MINUTES)
                                .getStatusTimestamp(JobStatus.RESTARTING))
                .isZero();
        assertThat(rowsWritten).isPositive();
        assertThat(run.animalRowCount()).isEqualTo(rowsWritten);
    }

    private static List<String> options(String window) {
        return List.of(
                "--window=" + window,
                "--allowed-lateness=PT20S",
                "--out-of-orderness=PT5S",
                "--idleness=PT10M",
                "--checkpoint-interval=PT1H",
                "--sink-batch-interval=PT0.1S");
    }
}
