package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.scoring.Crossings;
import io.herdpulse.alerts.scoring.HerdScore;
import io.herdpulse.alerts.scoring.HerdScore.Raised;
import io.herdpulse.alerts.scoring.ScoreAssertions;
import io.herdpulse.alerts.scoring.SimulatedRun;
import io.herdpulse.job.HerdScenario.AlertRow;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.producer.simulate.Condition;
import io.herdpulse.stack.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules scored on the whole job: the producer's herd simulator writes 250 cows × 14 days
 * to a real Kafka broker, every condition it knows injected (5 cows each) and 205 cows healthy
 * throughout; the real topology with the real alert stage runs at parallelism 2 on a MiniCluster
 * into a real PostgreSQL; the {@code health_alerts} rows are scored against the simulator's ground
 * truth file.
 *
 * <p>A row holds when its condition started, not when the alert was raised; a tap beside the real
 * stage records each alert's event time as it leaves the rules (the reading or silence deadline
 * behind it), for the detection delays.
 */
class AlertScoringIT {
    private static final int FARMS = 2;
    private static final int COWS_PER_FARM = 125;
    private static final int DAYS = 14;
    private static final double MIN_TEMP_C = 20.0;
    private static final double MAX_TEMP_C = 45.0;

    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(1, 2);

    @Test
    void everyInjectedConditionIsAlertedInTimeAndTheHealthyHerdStaysQuiet(@TempDir Path dir)
            throws Exception {
        SimulatedRun simulation =
                new SimulatedRun(
                        FARMS,
                        COWS_PER_FARM,
                        DAYS,
                        2026,
                        0,
                        SimulatedRun.plan(List.of(Condition.values()), 41),
                        dir.resolve("truth.csv"));

        try (KafkaBroker broker = KafkaBroker.startForTests(dir.resolve("kafka"))) {
            PipelineHarness run = new PipelineHarness(broker, "scoring", 4);
            long produceStart = System.nanoTime();
            Crossings crossings =
                    new Crossings(simulation.animalsWith(Condition.FEVER, Condition.HYPOTHERMIA));
            Produced produced = produce(run, simulation, crossings);
            long jobStart = System.nanoTime();

            AtomicReference<CloseableIterator<Raised>> tap = new AtomicReference<>();
            HerdPulsePipeline.AlertStage rules = HerdPulseJob.alertRules(run.config().alerts());
            HerdPulsePipeline.AlertStage tapped =
                    readings -> {
                        DataStream<HealthAlert> alerts = rules.apply(readings);
                        tap.set(
                                alerts.process(new RaisedAt())
                                        .name("raise times (test tap)")
                                        .collectAsync());
                        return alerts;
                    };
            JobClient job =
                    run.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(),
                            run.configFor(
                                    List.of(
                                            "--window=PT1H",
                                            "--idleness=PT10M",
                                            "--checkpoint-interval=PT30S")),
                            OffsetsInitializer.latest(),
                            tapped);
            List<Raised> raised = new ArrayList<>();
            try (CloseableIterator<Raised> alerts = tap.get()) {
                alerts.forEachRemaining(raised::add);
                job.getJobExecutionResult().get();
            } finally {
                PipelineHarness.cancelIfRunning(job);
            }
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
            long jobEnd = System.nanoTime();

            // The table holds exactly the alerts the rules raised.
            assertThat(
                            run.alertRows().stream()
                                    .filter(row -> !row.kind().equals("DRINKING"))
                                    .map(AlertRow::alertId))
                    .containsExactlyInAnyOrderElementsOf(
                            raised.stream().map(r -> r.alert().alertId()).toList());
            // Spikes and duplicates were rejected before the rules.
            assertThat(count(run, "OUT_OF_RANGE")).isEqualTo(produced.outOfRange());
            assertThat(count(run, "DUPLICATE")).isEqualTo(produced.duplicates());
            assertThat(run.count("SELECT count(*) FROM herdpulse.rejected_readings"))
                    .isEqualTo(produced.outOfRange() + produced.duplicates());

            HerdScore.Result result =
                    HerdScore.score(simulation.truth(), raised, simulation.cowDays(), crossings);
            System.out.printf(
                    "Pipeline, %d cows x %d days (%d readings simulated and sent in %.1f s, job"
                            + " %.1f s):%n%s",
                    simulation.cows(),
                    DAYS,
                    produced.sent(),
                    (jobStart - produceStart) / 1e9,
                    (jobEnd - jobStart) / 1e9,
                    result.table());
            result.falseAlarms().forEach(System.out::println);

            ScoreAssertions.assertEveryConditionDetectedInTime(result);
            ScoreAssertions.assertFalseAlarmsWithinPhysiology(result);
            ScoreAssertions.assertSensorFaultsRaiseOnlyWhatTheirDataShows(result);
        }
    }

    /** What went to the topic, counted by the test as the message contract defines it. */
    private record Produced(int sent, int outOfRange, int duplicates) {}

    private static Produced produce(
            PipelineHarness run, SimulatedRun simulation, Crossings crossings) throws Exception {
        AtomicInteger failed = new AtomicInteger();
        int[] counts = new int[3];
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
            simulation.forEach(
                    reading -> {
                        counts[0]++;
                        crossings.record(reading);
                        if (!ids.add(reading.readingId())) {
                            counts[2]++;
                        } else if (reading.rumenTempC() < MIN_TEMP_C
                                || reading.rumenTempC() > MAX_TEMP_C) {
                            counts[1]++;
                        }
                        producer.send(
                                new ProducerRecord<>(
                                        run.topic,
                                        reading.animalId().getBytes(StandardCharsets.UTF_8),
                                        ReadingJson.toJson(reading)),
                                (metadata, e) -> {
                                    if (e != null) {
                                        failed.incrementAndGet();
                                    }
                                });
                    });
        }
        assertThat(failed).hasValue(0);
        return new Produced(counts[0], counts[1], counts[2]);
    }

    private static int count(PipelineHarness run, String reason) throws Exception {
        return run.count(
                "SELECT count(*) FROM herdpulse.rejected_readings WHERE reason = '" + reason + "'");
    }

    /** The alerts as they start, with the event time of the record that carries them. */
    private static final class RaisedAt extends ProcessFunction<HealthAlert, Raised> {
        @Override
        public void processElement(HealthAlert alert, Context ctx, Collector<Raised> out) {
            if (alert.endedAt() == null && alert.kind() != AlertKind.DRINKING) {
                out.collect(new Raised(alert, Instant.ofEpochMilli(ctx.timestamp())));
            }
        }
    }
}
