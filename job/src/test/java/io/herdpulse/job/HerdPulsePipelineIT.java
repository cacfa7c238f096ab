package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.job.HerdScenario.Phase;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole topology at parallelism 2 on a Flink MiniCluster, reading a real Kafka broker and
 * writing a real PostgreSQL: every row of every table is compared with what the scenario computes.
 */
class HerdPulsePipelineIT {
    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(1, 2);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void writesExactlyTheRowsComputedFromTheInput() throws Exception {
        Instant testStart = Instant.now();
        HerdScenario scenario = new HerdScenario(testStart);
        assertThat(scenario.rejectRows())
                .extracting(HerdScenario.RejectRow::reason)
                .containsAll(
                        List.of(
                                "MALFORMED_JSON",
                                "UNSUPPORTED_VERSION",
                                "MISSING_FIELD",
                                "INVALID_VALUE",
                                "OUT_OF_RANGE",
                                "KEY_MISMATCH",
                                "FUTURE_TIMESTAMP",
                                "DUPLICATE",
                                "LATE"));
        assertThat(scenario.farmRows()).anyMatch(row -> row.animalsWithFever() > 0);
        assertThat(scenario.alertRows()).isNotEmpty();
        PipelineHarness run =
                new PipelineHarness(KAFKA.broker(), "pipeline", HerdScenario.PARTITIONS);
        run.produce(scenario, Phase.A);

        JobClient job =
                run.start(
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        run.config("--checkpoint-interval=PT0.5S"),
                        run.endOf(scenario));
        try {
            // Phase B may only be sent once phase A moved event time: wait for the windows it
            // closed (rows reach the database on checkpoints).
            long closedWindows =
                    scenario.animalRows().stream()
                            .filter(
                                    row ->
                                            row.windowEnd().toEpochMilli()
                                                    <= scenario.watermarkAfterPhaseA())
                            .count();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    run.count(
                                                    "SELECT count(*) FROM"
                                                            + " herdpulse.animal_health_stats")
                                            >= closedWindows);
            run.produce(scenario, Phase.B);
            run.produce(scenario, Phase.C);

            job.getJobExecutionResult().get();
        } finally {
            PipelineHarness.cancelIfRunning(job);
        }

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        run.assertTablesMatch(scenario, testStart, Instant.now());
    }
}
