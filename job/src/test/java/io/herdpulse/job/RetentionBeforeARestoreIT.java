package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.validation.Metrics;
import io.herdpulse.model.Reading;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While the job is down, retention deletes readings it has not read yet, and the offset in its
 * checkpoint with them. Restored, it goes on from the oldest reading the topic kept: what retention
 * deleted is gone, and counted as skipped; the rest is counted.
 */
class RetentionBeforeARestoreIT {
    /** Kept after the job ends, and after the TaskManager that reported them is gone. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(2, 1, METRICS);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant T0 = Instant.parse("2026-03-02T04:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final int READ = 30;
    private static final int DELETED = 10;

    @Test
    void aJobStartedAtTheTopicsEndResumesAtTheOldestKeptReadingAfterRetention(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        List<Reading> read0 = PipelineHarness.readings(0, T0, MINUTE, READ);
        List<Reading> read1 = PipelineHarness.readings(1, T0, MINUTE, READ);
        Instant later = T0.plus(MINUTE.multipliedBy(READ));
        List<Reading> unread0 = PipelineHarness.readings(0, later, MINUTE, READ);
        List<Reading> unread1 = PipelineHarness.readings(1, later, MINUTE, READ);

        PipelineHarness run = new PipelineHarness(KAFKA.broker(), "retention-restore", 2);
        int opensBefore = PipelineHarness.ALERT_STAGE_OPENS.get();
        JobClient job =
                run.start(
                        PipelineHarness.restartingEnvironment(),
                        run.config(
                                "--starting-offsets=latest",
                                // Checkpoints only when the test asks.
                                "--checkpoint-interval=PT1H"),
                        OffsetsInitializer.offsets(
                                Map.of(
                                        new TopicPartition(run.topic, 0), 2L * READ,
                                        new TopicPartition(run.topic, 1), 2L * READ)));
        try {
            // The empty topic's end, 0, is where the job starts: a checkpoint commits it.
            run.checkpointUntilCommitted(cluster, job, Map.of(0, 0L, 1, 0L));
            run.send(0, read0);
            run.send(1, read1);
            run.checkpointUntilCommitted(cluster, job, Map.of(0, (long) READ, 1, (long) READ));

            cluster.terminateTaskManager(0).get();
            run.send(0, unread0);
            run.send(1, unread1);
            deleteBefore(run, 0, READ + DELETED);
            cluster.startTaskManager();

            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } finally {
            PipelineHarness.cancelIfRunning(job);
        }

        PipelineHarness.assertFinishedAfterARestart(job, opensBefore);
        List<Reading> counted = new ArrayList<>();
        Stream.of(read0, read1, unread0.subList(DELETED, READ), unread1).forEach(counted::addAll);
        run.assertStatsOf(counted);
        assertThat(run.rejectRows()).isEmpty();
        assertThat(sum(job, Metrics.OFFSETS_SKIPPED)).isEqualTo(DELETED);
        assertThat(sum(job, Metrics.PARTITION_REWINDS)).isZero();
    }

    /**
     * A counter of the job's, summed over every subtask that ever ran (a restarted subtask's
     * metrics have the same name as the one before it, so only their groups tell them apart).
     */
    private static long sum(JobClient job, String counter) {
        return METRICS.getMetricsByGroup().entrySet().stream()
                .filter(
                        group ->
                                job.getJobID()
                                        .toString()
                                        .equals(
                                                group.getKey()
                                                        .getAllVariables()
                                                        .get(ScopeFormat.SCOPE_JOB_ID)))
                .map(group -> group.getValue().get(counter))
                .filter(Counter.class::isInstance)
                .mapToLong(metric -> ((Counter) metric).getCount())
                .sum();
    }

    /** What retention does to a partition's oldest segments. */
    private static void deleteBefore(PipelineHarness run, int partition, long offset)
            throws Exception {
        try (Admin admin = KAFKA.broker().admin()) {
            admin.deleteRecords(
                            Map.of(
                                    new TopicPartition(run.topic, partition),
                                    RecordsToDelete.beforeOffset(offset)))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        }
    }
}
