package io.herdpulse.job.admit;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PartitionWatermarksTest {
    private static final long OUT_OF_ORDERNESS = 10_000;
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

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

    private static SourcedReading reading(int partition, long offset, long eventTime) {
        return new SourcedReading(
                new KafkaPosition("t", partition, offset),
                new byte[0],
                new Reading(
                        1,
                        "00000000-0000-4000-8000-%012d".formatted(offset),
                        "farm",
                        "cow",
                        "bolus",
                        Instant.ofEpochMilli(eventTime),
                        38.5,
                        1,
                        1,
                        null,
                        null));
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
                                    reading(0, 0, T0),
                                    reading(0, 1, T0 + 60_000),
                                    reading(1, 0, T0 + 5_000),
                                    reading(0, 2, T0 + 30_000), // out of order: time stays
                                    reading(0, 3, T0 + 90_000),
                                    reading(1, 1, T0 + 6_000)))
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
    void aRestoredRunStampsAsTheUninterruptedOne() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var harness = harness(1, 0, null)) {
            stamps(harness, reading(0, 0, T0 + 60_000), reading(1, 0, T0 + 5_000));
            checkpoint = harness.snapshot(1, 0);
        }
        try (var restored = harness(1, 0, checkpoint)) {
            assertThat(stamps(restored, reading(0, 1, T0), reading(1, 1, T0)))
                    .containsExactly(
                            T0 + 60_000 - OUT_OF_ORDERNESS - 1, T0 + 5_000 - OUT_OF_ORDERNESS - 1);
        }
    }

    @Test
    void afterARescaleEverySubtaskKnowsEveryPartitionsTime() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var subtask0 = harness(2, 0, null);
                var subtask1 = harness(2, 1, null)) {
            stamps(subtask0, reading(0, 0, T0 + 60_000));
            stamps(subtask1, reading(1, 0, T0 + 5_000));
            first = subtask0.snapshot(1, 0);
            second = subtask1.snapshot(1, 0);
        }
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(first, second);
        OperatorSubtaskState rescaled =
                AbstractStreamOperatorTestHarness.repartitionOperatorState(both, 10, 2, 1, 0);
        try (var alone = harness(1, 0, rescaled)) {
            assertThat(stamps(alone, reading(1, 1, T0), reading(0, 1, T0)))
                    .containsExactly(
                            T0 + 5_000 - OUT_OF_ORDERNESS - 1, T0 + 60_000 - OUT_OF_ORDERNESS - 1);
        }
    }
}
