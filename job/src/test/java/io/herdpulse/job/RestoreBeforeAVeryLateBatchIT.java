package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.job.HerdScenario.Position;
import io.herdpulse.job.PipelineHarness.StoredReject;
import io.herdpulse.model.Reading;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager dies while a very late batch (a gateway's day-old backlog) waits at one partition's
 * end, after the last checkpoint. Restored, that partition's first readings are the batch: were its
 * split to start its watermark there, a day back, every window would wait for it, and every other
 * partition be paused by the watermark alignment, until it went idle. It resumes at its watermark
 * in the checkpoint, so the windows the other partition closes fire at once.
 */
class RestoreBeforeAVeryLateBatchIT {
    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(2, 1);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant T0 = Instant.parse("2026-03-02T04:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    /** Longer than the test: only a restored watermark lets the windows fire in time. */
    private static final Duration IDLENESS = Duration.ofMinutes(10);

    @Test
    void theWindowsAfterTheRestoreDoNotWaitForThePartitionReadingAVeryLateBatch(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        // At the checkpoint partition 0 is half an hour ahead; partition 1 catches up after the
        // restore, and partition 0 gets the very late batch. One reading more for each keeps its
        // split from ending before the windows are looked at: a checkpoint fails while a part of
        // the source's subtasks has finished (their union state).
        List<Reading> ahead = PipelineHarness.readings(0, T0, MINUTE, 60);
        List<Reading> behind = PipelineHarness.readings(1, T0, MINUTE, 30);
        List<Reading> veryLate =
                PipelineHarness.readings(0, T0.minus(Duration.ofDays(1)), MINUTE, 5);
        List<Reading> catchingUp =
                PipelineHarness.readings(1, T0.plus(MINUTE.multipliedBy(30)), MINUTE, 30);
        List<Reading> lastOf0 =
                PipelineHarness.readings(0, T0.plus(Duration.ofHours(2)), MINUTE, 1);
        List<Reading> lastOf1 =
                PipelineHarness.readings(1, T0.plus(Duration.ofHours(2)), MINUTE, 1);

        PipelineHarness run = new PipelineHarness(KAFKA.broker(), "restore-very-late", 2);
        run.send(0, ahead);
        run.send(1, behind);

        int opensBefore = PipelineHarness.ALERT_STAGE_OPENS.get();
        JobClient job =
                run.start(
                        PipelineHarness.restartingEnvironment(),
                        run.configFor(
                                List.of(
                                        "--window=" + MINUTE,
                                        "--out-of-orderness=" + OUT_OF_ORDERNESS,
                                        "--allowed-lateness=PT20S",
                                        "--idleness=" + IDLENESS,
                                        // Partition 0 is read to its end before the checkpoint.
                                        "--max-partition-drift=PT2H",
                                        // Checkpoints only when the test asks.
                                        "--checkpoint-interval=PT1H",
                                        "--sink-batch-interval=PT0.1S")),
                        OffsetsInitializer.offsets(
                                Map.of(
                                        new TopicPartition(run.topic, 0),
                                        (long) (ahead.size() + veryLate.size() + lastOf0.size()),
                                        new TopicPartition(run.topic, 1),
                                        (long)
                                                (behind.size()
                                                        + catchingUp.size()
                                                        + lastOf1.size()))));
        try {
            // Until a checkpoint covers everything sent.
            PipelineHarness.checkpointUntil(
                    cluster,
                    job,
                    Duration.ofMinutes(2),
                    () -> assertThat(run.committedOffsets()).isEqualTo(Map.of(0, 60L, 1, 30L)));

            run.send(0, veryLate);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            run.send(1, catchingUp);

            long windowsClosed =
                    Stream.of(ahead, behind, catchingUp)
                            .flatMap(List::stream)
                            .filter(reading -> closedBy(T0.plus(Duration.ofMinutes(59)), reading))
                            .count();
            PipelineHarness.checkpointUntil(
                    cluster,
                    job,
                    Duration.ofMinutes(1),
                    () -> assertThat(run.animalRowCount()).isEqualTo(windowsClosed));

            run.send(0, lastOf0);
            run.send(1, lastOf1);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } finally {
            PipelineHarness.cancelIfRunning(job);
        }

        // Without the restore the batch would be behind the split's watermark anyway.
        PipelineHarness.assertFinishedAfterARestart(job, opensBefore);
        List<Reading> counted = new ArrayList<>();
        Stream.of(ahead, behind, catchingUp, lastOf0, lastOf1).forEach(counted::addAll);
        run.assertStatsOf(counted);
        assertThat(run.rejectRows())
                .extracting(StoredReject::position, StoredReject::reason)
                .containsExactly(
                        tuple(new Position(0, 60), "LATE"),
                        tuple(new Position(0, 61), "LATE"),
                        tuple(new Position(0, 62), "LATE"),
                        tuple(new Position(0, 63), "LATE"),
                        tuple(new Position(0, 64), "LATE"));
    }

    /**
     * Whether the reading's one-minute window is closed once every partition has read up to {@code
     * newest}: its end is at or before the watermark.
     */
    private static boolean closedBy(Instant newest, Reading reading) {
        Instant windowEnd = reading.timestamp().truncatedTo(ChronoUnit.MINUTES).plus(MINUTE);
        return !windowEnd.isAfter(newest.minus(OUT_OF_ORDERNESS));
    }
}
