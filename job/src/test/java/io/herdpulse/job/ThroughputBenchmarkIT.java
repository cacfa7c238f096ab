package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.stack.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the job end to end, Kafka to PostgreSQL, on a MiniCluster at parallelism 2: a backlog of
 * readings is produced first, then a bounded run processes it and the time to FINISHED is reported.
 * Runs only when asked:
 *
 * <pre>mvn -B -pl job -am verify -Dtest=none -Dit.test=ThroughputBenchmarkIT \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dherdpulse.benchmark.readings=200000</pre>
 */
@EnabledIfSystemProperty(named = "herdpulse.benchmark.readings", matches = "\\d+")
class ThroughputBenchmarkIT {
    private static final int ANIMALS = 1000;
    private static final Instant T0 = Instant.parse("2026-01-05T06:00:00Z");

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void measuresReadingsPerSecondFromKafkaToPostgres(@TempDir Path kafkaDir) throws Exception {
        int readings = Integer.getInteger("herdpulse.benchmark.readings");
        try (KafkaBroker broker = KafkaBroker.startForTests(kafkaDir)) {
            PipelineHarness run = new PipelineHarness(broker, "benchmark", 4);
            long produceStart = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
                for (int i = 0; i < readings; i++) {
                    Reading reading = reading(i);
                    producer.send(
                            new ProducerRecord<>(
                                    run.topic,
                                    reading.animalId().getBytes(StandardCharsets.UTF_8),
                                    ReadingJson.toJson(reading)));
                }
            }
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

            long jobStart = System.nanoTime();
            JobClient job =
                    run.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(),
                            run.config(),
                            OffsetsInitializer.latest());
            job.getJobExecutionResult().get();
            double jobSeconds = (System.nanoTime() - jobStart) / 1e9;

            int windows = (readings + ANIMALS - 1) / ANIMALS;
            assertThat(run.count("SELECT count(*) FROM herdpulse.animal_health_stats"))
                    .isEqualTo(readings);
            assertThat(run.count("SELECT sum(readings) FROM herdpulse.farm_health_stats"))
                    .isEqualTo(readings);
            System.out.printf(
                    "BENCHMARK readings=%d animals=%d windows=%d produced in %.1f s;"
                            + " job (submit to FINISHED, incl. start-up) %.1f s = %.0f readings/s;"
                            + " %d animal rows and %d farm rows upserted%n",
                    readings,
                    ANIMALS,
                    windows,
                    produceSeconds,
                    jobSeconds,
                    readings / jobSeconds,
                    readings,
                    run.count("SELECT count(*) FROM herdpulse.farm_health_stats"));
        }
    }

    /**
     * Animal {@code i % 1000} reports once a minute: with 1-minute windows, one row per reading.
     */
    private static Reading reading(int i) {
        int animal = i % ANIMALS;
        int step = i / ANIMALS;
        String animalId = "cow-" + animal;
        Instant timestamp = T0.plus(Duration.ofMinutes(step)).plusMillis(animal);
        return new Reading(
                1,
                UUID.nameUUIDFromBytes((animalId + timestamp).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                animal % 2 == 0 ? "farm-even" : "farm-odd",
                animalId,
                "bolus-" + animal,
                timestamp,
                38.0 + (i % 20) * 0.1,
                i % 50,
                i % 10,
                (double) (i % 7),
                animal % 3 == 0 ? 6.0 + (i % 10) * 0.1 : null);
    }
}
