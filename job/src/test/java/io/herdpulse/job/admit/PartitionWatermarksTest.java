package io.herdpulse.job.admit;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.KafkaPartition;
import io.herdpulse.job.ingest.RestoredPartitionTimes;
import io.herdpulse.job.ingest.SourcedReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PartitionWatermarksTest {
    private static final long OUT_OF_ORDERNESS = 10_000;
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    @AfterEach
    void handOverNothing() {
        // The tests share a thread.
        RestoredPartitionTimes.handOver(Map.of());
    }

    private static OneInputStreamOperatorTestHarness<SourcedReading, StampedReading> harness(
            int parallelism, int subtask, OperatorSubtaskState restored) throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new PartitionWatermarks(Duration.ofMillis(OUT_OF_ORDERNESS))),
                        10,
                        parallelism,
                        subtask);
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    private static List<Long> stamps(
            OneInputStreamOperatorTestHarness<SourcedReading, StampedReading> harness,
            SourcedReading... readings)
            throws Exception {
        harness.getOutput().clear();
        for (SourcedReading reading : readings) {
            harness.processElement(reading, reading.reading().timestamp().toEpochMilli());
        }
        List<Long> stamps = new ArrayList<>();
        for (StampedReading stamped : harness.extractOutputValues()) {
            stamps.add(stamped.partitionWatermark());
        }
        return stamps;
    }

    @Test
    void stampsEachReadingWithTheNewestEarlierTimeOfItsOwnPartitionLessTheOutOfOrderness()
            throws Exception {
        try (var harness = harness(1, 0, null)) {
            assertThat(
                            stamps(
                                    harness,
                                    PartitionReadings.at(0, 0, T0),
                                    PartitionReadings.at(0, 1, T0 + 60_000),
                                    PartitionReadings.at(1, 0, T0 + 5_000),
                                    PartitionReadings.at(
                                            0, 2, T0 + 30_000), // out of order: time stays
                                    PartitionReadings.at(0, 3, T0 + 90_000),
                                    PartitionReadings.at(1, 1, T0 + 6_000)))
                    .containsExactly(
                            Long.MIN_VALUE,
                            T0 - OUT_OF_ORDERNESS - 1,
                            Long.MIN_VALUE,
                            T0 + 60_000 - OUT_OF_ORDERNESS - 1,
                            T0 + 60_000 - OUT_OF_ORDERNESS - 1,
                            T0 + 5_000 - OUT_OF_ORDERNESS - 1);
        }
    }

    @Test
    void aBolusClockRunningFastMovesItsPartitionsStampsOnlyToWhenTheBrokerTookIt()
            throws Exception {
        long fourMinutes = 240_000;
        try (var harness = harness(1, 0, null)) {
            assertThat(
                            stamps(
                                    harness,
                                    PartitionReadings.appended(0, 0, T0, T0 + 1_000),
                                    PartitionReadings.appended(0, 1, T0 + fourMinutes, T0 + 2_000),
                                    PartitionReadings.appended(0, 2, T0 + 10_000, T0 + 11_000),
                                    PartitionReadings.appended(0, 3, T0 + 20_000, T0 + 21_000)))
                    .containsExactly(
                            Long.MIN_VALUE,
                            T0 - OUT_OF_ORDERNESS - 1,
                            // her neighbours' readings 10 s on are not minutes behind the stamp
                            T0 + 2_000 - OUT_OF_ORDERNESS - 1,
                            T0 + 10_000 - OUT_OF_ORDERNESS - 1);
        }
    }

    @Test
    void aRestoredRunStampsAsTheUninterruptedOne() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var harness = harness(1, 0, null)) {
            stamps(
                    harness,
                    PartitionReadings.at(0, 0, T0 + 60_000),
                    PartitionReadings.at(1, 0, T0 + 5_000));
            checkpoint = harness.snapshot(1, 0);
        }
        try (var restored = harness(1, 0, checkpoint)) {
            assertThat(
                            stamps(
                                    restored,
                                    PartitionReadings.at(0, 1, T0),
                                    PartitionReadings.at(1, 1, T0)))
                    .containsExactly(
                            T0 + 60_000 - OUT_OF_ORDERNESS - 1, T0 + 5_000 - OUT_OF_ORDERNESS - 1);
        }
    }

    @Test
    void aRestoreHandsEachPartitionsTimeToTheSourceInItsTask() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var harness = harness(1, 0, null)) {
            assertThat(RestoredPartitionTimes.newestOf(new KafkaPartition("t", 0)))
                    .isEqualTo(Long.MIN_VALUE);
            stamps(
                    harness,
                    PartitionReadings.at(0, 0, T0 + 60_000),
                    PartitionReadings.at(0, 1, T0),
                    PartitionReadings.at(1, 0, T0 + 5_000));
            checkpoint = harness.snapshot(1, 0);
        }
        try (var restored = harness(1, 0, checkpoint)) {
            // Read later in the task, as the source's splits read their first readings.
            stamps(restored, PartitionReadings.at(0, 2, T0 + 120_000));

            assertThat(RestoredPartitionTimes.newestOf(new KafkaPartition("t", 0)))
                    .isEqualTo(T0 + 60_000);
            assertThat(RestoredPartitionTimes.newestOf(new KafkaPartition("t", 1)))
                    .isEqualTo(T0 + 5_000);
            assertThat(RestoredPartitionTimes.newestOf(new KafkaPartition("t", 2)))
                    .isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void afterARescaleEverySubtaskKnowsEveryPartitionsTime() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var subtask0 = harness(2, 0, null);
                var subtask1 = harness(2, 1, null)) {
            stamps(subtask0, PartitionReadings.at(0, 0, T0 + 60_000));
            stamps(subtask1, PartitionReadings.at(1, 0, T0 + 5_000));
            first = subtask0.snapshot(1, 0);
            second = subtask1.snapshot(1, 0);
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(first, second);
        OperatorSubtaskState rescaled =
                AbstractStreamOperatorTestHarness.repartitionOperatorState(both, 10, 2, 1, 0);
        try (var alone = harness(1, 0, rescaled)) {
            assertThat(
                            stamps(
                                    alone,
                                    PartitionReadings.at(1, 1, T0),
                                    PartitionReadings.at(0, 1, T0)))
                    .containsExactly(
                            T0 + 5_000 - OUT_OF_ORDERNESS - 1, T0 + 60_000 - OUT_OF_ORDERNESS - 1);
        }
    }

    @Test
    void aPartitionTheSourceHandsToAnotherSubtaskKeepsItsTime() throws Exception {
        OperatorSubtaskState both;
        try (var subtask0 = harness(2, 0, null);
                var subtask1 = harness(2, 1, null)) {
            stamps(subtask0, PartitionReadings.at(0, 0, T0 + 60_000));
            stamps(subtask1, PartitionReadings.at(1, 0, T0 + 5_000));
            both =
                    AbstractStreamOperatorTestHarness.repackageState(
                            subtask0.snapshot(1, 0), subtask1.snapshot(1, 0));
        }
        // After the restore the source assigns partition 1 to subtask 0, partition 0 to subtask 1.
        try (var subtask0 =
                        harness(
                                2,
                                0,
                                AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                        both, 10, 2, 2, 0));
                var subtask1 =
                        harness(
                                2,
                                1,
                                AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                        both, 10, 2, 2, 1))) {
            assertThat(stamps(subtask0, PartitionReadings.at(1, 1, T0)))
                    .containsExactly(T0 + 5_000 - OUT_OF_ORDERNESS - 1);
            assertThat(stamps(subtask1, PartitionReadings.at(0, 1, T0)))
                    .containsExactly(T0 + 60_000 - OUT_OF_ORDERNESS - 1);
        }
    }
}
