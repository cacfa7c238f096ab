package io.herdpulse.job.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatenessGuardTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration LATENESS = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> harness()
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new LatenessGuard(WINDOW, LATENESS));
    }

    private static SourcedReading at(Instant time) {
        return new SourcedReading(
                new KafkaPosition("t", 0, time.toEpochMilli()),
                new byte[0],
                new Reading(
                        1,
                        "00000000-0000-4000-8000-000000000001",
                        "f",
                        "a",
                        "s",
                        time,
                        38,
                        1,
                        1,
                        null,
                        null));
    }

    private static void process(
            OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> harness, Instant time)
            throws Exception {
        harness.processElement(at(time), time.toEpochMilli());
    }

    @Test
    void passesEveryReadingWithoutARestoreLeavingLatenessToTheWindows() throws Exception {
        try (OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> harness =
                harness()) {
            harness.open();
            harness.processWatermark(new Watermark(T0.plus(Duration.ofHours(1)).toEpochMilli()));
            process(harness, T0);

            assertThat(harness.extractOutputValues()).containsExactly(at(T0));
            assertThat(harness.getSideOutput(LatenessGuard.LATE)).isNull();
        }
    }

    @Test
    void afterARestoreRejectsReadingsWhoseWindowClosedAtTheCheckpointedWatermark()
            throws Exception {
        // Window [10:00, 10:01) is gone once the watermark reaches 10:01 - 1 ms + 20 s.
        long cleanup = T0.plus(WINDOW).plus(LATENESS).toEpochMilli() - 1;
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> before = harness()) {
            before.open();
            before.processWatermark(new Watermark(cleanup));
            snapshot = before.snapshot(1, 1);
        }

        try (OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> after = harness()) {
            after.initializeState(snapshot);
            after.open();
            process(after, T0.plus(WINDOW).minusMillis(1)); // last instant of the closed window
            process(after, T0.plus(WINDOW)); // first instant of the next window

            assertThat(after.getSideOutput(LatenessGuard.LATE))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(at(T0.plus(WINDOW).minusMillis(1)));
            assertThat(after.extractOutputValues()).containsExactly(at(T0.plus(WINDOW)));
        }
    }

    @Test
    void afterARescaleUsesTheSmallestCheckpointedWatermark() throws Exception {
        Instant lateForOne = T0;
        long cleanupOfT0 = T0.plus(WINDOW).plus(LATENESS).toEpochMilli() - 1;
        OperatorSubtaskState ahead;
        OperatorSubtaskState behind;
        try (OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> first =
                        new OneInputStreamOperatorTestHarness<>(
                                new LatenessGuard(WINDOW, LATENESS), 10, 2, 0);
                OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> second =
                        new OneInputStreamOperatorTestHarness<>(
                                new LatenessGuard(WINDOW, LATENESS), 10, 2, 1)) {
            first.open();
            second.open();
            first.processWatermark(new Watermark(cleanupOfT0 + 60_000));
            second.processWatermark(new Watermark(cleanupOfT0 - 1));
            ahead = first.snapshot(1, 1);
            behind = second.snapshot(1, 1);
        }
        OperatorSubtaskState merged =
                AbstractStreamOperatorTestHarness.repackageState(ahead, behind);

        try (OneInputStreamOperatorTestHarness<SourcedReading, SourcedReading> restored =
                new OneInputStreamOperatorTestHarness<>(
                        new LatenessGuard(WINDOW, LATENESS), 10, 1, 0)) {
            restored.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            merged, 10, 2, 1, 0));
            restored.open();
            process(restored, lateForOne);

            assertThat(restored.extractOutputValues()).containsExactly(at(lateForOne));
        }
    }
}
