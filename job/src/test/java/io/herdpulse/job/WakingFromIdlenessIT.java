package io.herdpulse.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every partition falls quiet until the whole topic is idle, then readings of the next hours come
 * back one partition after another, a second apart, as a replay of history or a base station
 * flushing its backlog sends them. Nothing is LATE: the first partition to wake must not carry the
 * watermark past the readings the others are about to bring, whether they are read by the same
 * source subtask or by the other one (four partitions on two subtasks: both cases).
 */
class WakingFromIdlenessIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant T0 = Instant.parse("2026-03-02T04:00:00Z");
    private static final int PARTITIONS = 4;
    private static final int READINGS_PER_PHASE = 6;
    private static final Duration READING_INTERVAL = Duration.ofMinutes(10);
    private static final Duration IDLENESS = Duration.ofSeconds(1);
    private static final Duration BETWEEN_PARTITIONS = Duration.ofSeconds(1);

    @Test
    void noReadingIsLateWhenQuietPartitionsWakeOneAfterAnother() throws Exception {
        List<List<Reading>> before = phase(T0);
        List<List<Reading>> after = phase(T0.plus(Duration.ofHours(3)));
        List<Reading> all = new ArrayList<>();
        before.forEach(all::addAll);
        after.forEach(all::addAll);

        PipelineHarness run = new PipelineHarness(KAFKA.broker(), "waking", PARTITIONS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            ends.put(new TopicPartition(run.topic, partition), 2L * READINGS_PER_PHASE);
        }
        try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                send(producer, run.topic, partition, before.get(partition));
            }
        }

        JobClient job =
                run.startWithoutAlerts(
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        run.configFor(
                                List.of(
                                        "--window=PT1M",
                                        "--out-of-orderness=PT5S",
                                        "--allowed-lateness=PT20S",
                                        "--idleness=" + IDLENESS,
                                        "--checkpoint-interval=PT0.5S",
                                        "--sink-batch-interval=PT0.1S")),
                        OffsetsInitializer.offsets(ends));
        try {
            // Every window but each animal's last is closed by the first readings alone.
            int closed = PARTITIONS * (READINGS_PER_PHASE - 1);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    run.count("SELECT count(*) FROM herdpulse.animal_health_stats")
                                            >= closed);
            // Quiet for three times the idleness: every partition, so both subtasks, is idle.
            Thread.sleep(3 * IDLENESS.toMillis());
            try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    send(producer, run.topic, partition, after.get(partition));
                    Thread.sleep(BETWEEN_PARTITIONS.toMillis());
                }
            }
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } finally {
            if (!job.getJobStatus().get().isTerminalState()) {
                job.cancel().get();
            }
        }

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        assertThat(run.rejectRows()).isEmpty();
        assertThat(run.animalRows()).isEqualTo(HerdScenario.animalRows(all));
        assertThat(run.farmRows()).isEqualTo(HerdScenario.farmRows(all));
    }

    /** Each partition's animal: six readings ten minutes apart from {@code start}. */
    private static List<List<Reading>> phase(Instant start) {
        List<List<Reading>> byPartition = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String animal = "cow-" + partition;
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < READINGS_PER_PHASE; i++) {
                Instant timestamp = start.plus(READING_INTERVAL.multipliedBy(i));
                readings.add(
                        new Reading(
                                1,
                                UUID.nameUUIDFromBytes((animal + "@" + timestamp).getBytes(UTF_8))
                                        .toString(),
                                partition < 2 ? "farm-a" : "farm-b",
                                animal,
                                "bolus-" + animal,
                                timestamp,
                                38.5 + 0.125 * i + 0.0625 * partition,
                                1.25 * (i + 1),
                                4.0 + partition,
                                0.5 * i,
                                null));
            }
            byPartition.add(readings);
        }
        return byPartition;
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            int partition,
            List<Reading> readings)
            throws Exception {
        for (Reading reading : readings) {
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            partition,
                            reading.animalId().getBytes(UTF_8),
                            ReadingJson.toJson(reading)));
        }
        producer.flush();
    }
}
