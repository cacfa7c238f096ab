package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.job.HerdScenario.Phase;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager dies after the job has written rows that no checkpoint covers; the job restarts
 * from the last checkpoint, reprocesses them, and the tables end exactly as without the failure.
 */
class RecoveryIT {
    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(2, 1);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void convergesToTheFailureFreeRowsAfterATaskManagerDies(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Instant testStart = Instant.now();
        HerdScenario scenario = new HerdScenario(testStart);
        PipelineHarness run =
                new PipelineHarness(KAFKA.broker(), "recovery", HerdScenario.PARTITIONS);
        run.produce(scenario, Phase.A);

        StreamExecutionEnvironment env = PipelineHarness.restartingEnvironment();
        int opensBefore = PipelineHarness.ALERT_STAGE_OPENS.get();
        // Checkpoints only when the test asks, so it knows exactly what the last one covers.
        JobClient job =
                run.start(env, run.config("--checkpoint-interval=PT1H"), run.endOf(scenario));
        try {
            long closedWindows =
                    scenario.animalRows().stream()
                            .filter(
                                    row ->
                                            row.windowEnd().toEpochMilli()
                                                    <= scenario.watermarkAfterPhaseA())
                            .count();
            PipelineHarness.checkpointUntil(
                    cluster,
                    job,
                    Duration.ofMinutes(2),
                    () -> assertThat(run.animalRowCount()).isGreaterThanOrEqualTo(closedWindows));

            // Phase B is processed and its rejects written (the reject sink flushes on its
            // interval), but no checkpoint covers it when the TaskManager dies; phase C, not sent
            // yet, keeps the bounded job from finishing first.
            run.produce(scenario, Phase.B);
            await().atMost(Duration.ofMinutes(1))
                    .until(
                            () ->
                                    run.count("SELECT count(*) FROM herdpulse.rejected_readings")
                                            == scenario.rejectRows().size() - 1);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            run.produce(scenario, Phase.C);

            job.getJobExecutionResult().get();
        } finally {
            PipelineHarness.cancelIfRunning(job);
        }

        PipelineHarness.assertFinishedAfterARestart(job, opensBefore);
        run.assertTablesMatch(scenario, testStart, Instant.now());
    }
}
