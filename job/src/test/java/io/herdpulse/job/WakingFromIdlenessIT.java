package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.model.Reading;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every partition falls quiet until the whole topic is idle; then a replay of the next hours comes
 * back, the partitions of one source subtask two seconds before those of the other. Nothing may be
 * LATE: the first subtask to wake must not carry the watermark past the readings the other is about
 * to bring. The subtasks went idle at different watermarks, as they do (the later one's is the
 * watermark Flink keeps downstream while all are idle), and the one that was behind wakes last,
 * resuming where the other does or later (docs/job.md, step 1: earlier is not covered).
 */
class WakingFromIdlenessIT {
    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(1, 2);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant T0 = Instant.parse("2026-03-02T04:00:00Z");

    /** Two per source subtask: Kafka's source gives partitions of one parity to one subtask. */
    private static final int PARTITIONS = 4;

    private static final int READINGS_BEFORE = 6;
    private static final int READINGS_AFTER = 60;
    private static final Duration IDLENESS = Duration.ofSeconds(1);

    /** How long after the even partitions the odd ones wake: within the default --wake-hold. */
    private static final Duration ODD_ONES_LATER = Duration.ofSeconds(2);

    private static final Duration SEND_INTERVAL = Duration.ofMillis(100);

    /**
     * @param oddOnesResumeLater how much later in event time than the even partitions the odd ones
     *     resume: a subtask woken second is waited for when it resumes no earlier than the first
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 30})
    void noReadingIsLateWhenTheSubtasksWakeOneAfterTheOther(int oddOnesResumeLater)
            throws Exception {
        List<List<Reading>> before = new ArrayList<>();
        List<List<Reading>> after = new ArrayList<>();
        List<Reading> all = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            // The even partitions' subtask goes idle 30 s of event time ahead of the other.
            Instant start = T0.plusSeconds(partition % 2 == 0 ? 30 : 0);
            before.add(
                    PipelineHarness.readings(
                            partition, start, Duration.ofMinutes(10), READINGS_BEFORE));
            after.add(
                    PipelineHarness.readings(
                            partition,
                            T0.plus(Duration.ofHours(3))
                                    .plusSeconds(partition % 2 == 0 ? 0 : oddOnesResumeLater),
                            Duration.ofMinutes(1),
                            READINGS_AFTER));
            all.addAll(before.get(partition));
            all.addAll(after.get(partition));
        }

        PipelineHarness run = new PipelineHarness(KAFKA.broker(), "waking", PARTITIONS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            ends.put(
                    new TopicPartition(run.topic, partition),
                    (long) (READINGS_BEFORE + READINGS_AFTER));
        }
        try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                before.get(partition).forEach(PipelineHarness.send(producer, run.topic, partition));
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
            int closed = PARTITIONS * (READINGS_BEFORE - 1);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    run.count("SELECT count(*) FROM herdpulse.animal_health_stats")
                                            >= closed);
            // Quiet for three times the idleness: every partition, so both subtasks, is idle.
            Thread.sleep(3 * IDLENESS.toMillis());
            replayOddOnesLater(run, after);
            job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        } finally {
            PipelineHarness.cancelIfRunning(job);
        }

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        assertThat(run.rejectRows()).isEmpty();
        assertThat(run.animalRows()).isEqualTo(HerdScenario.animalRows(all));
        assertThat(run.farmRows()).isEqualTo(HerdScenario.farmRows(all));
    }

    /**
     * One reading per partition every send interval, as a replay sends a herd's readings in time
     * order: the even partitions' from the start, the odd ones' from {@link #ODD_ONES_LATER} on.
     */
    private static void replayOddOnesLater(PipelineHarness run, List<List<Reading>> after)
            throws Exception {
        int lag = (int) ODD_ONES_LATER.dividedBy(SEND_INTERVAL);
        try (KafkaProducer<byte[], byte[]> producer = run.producer()) {
            for (int tick = 0; tick < READINGS_AFTER + lag; tick++) {
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    int index = partition % 2 == 0 ? tick : tick - lag;
                    if (index >= 0 && index < READINGS_AFTER) {
                        PipelineHarness.send(producer, run.topic, partition)
                                .accept(after.get(partition).get(index));
                    }
                }
                producer.flush();
                Thread.sleep(SEND_INTERVAL.toMillis());
            }
        }
    }
}
