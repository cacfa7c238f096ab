package io.herdpulse.job.admit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.Reading;
import io.herdpulse.model.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmitReadingsTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration LATENESS = Duration.ofSeconds(20);
    private static final Duration HORIZON = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** The watermark at which T0's window [10:00, 10:01) is dropped. */
    private static final long T0_CLEANUP = T0.plus(WINDOW).plus(LATENESS).toEpochMilli() - 1;

    private static final String ID_1 = "00000000-0000-4000-8000-000000000001";
    private static final String ID_2 = "00000000-0000-4000-8000-000000000002";
    private static final String ID_3 = "00000000-0000-4000-8000-000000000003";

    private static KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> harness(
            int parallelism, int subtask) throws Exception {
        return harness(new Lateness(WINDOW, LATENESS), parallelism, subtask);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> harness(
            Lateness rule, int parallelism, int subtask) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new AdmitReadings(rule, HORIZON),
                        StampedReading::animalId,
                        Types.STRING,
                        10,
                        parallelism,
                        subtask);
        harness.setProcessingTime(5_000);
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted>
            harness() throws Exception {
        return harness(1, 0);
    }

    /** A reading of {@code animal} at {@code time}, its offset standing for the message. */
    private static SourcedReading reading(String animal, String id, Instant time, long offset) {
        return new SourcedReading(
                new KafkaPosition("cow-health-data", 0, offset),
                ("payload " + offset).getBytes(StandardCharsets.UTF_8),
                new Reading(1, id, "farm-1", animal, "bolus", time, 38.5, 1, 1, null, null),
                SourcedReading.NOT_STAMPED);
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> harness,
            SourcedReading reading)
            throws Exception {
        // Stamped as a partition that has not read anything before: these tests decide by the
        // watermarks they send.
        harness.processElement(
                new StampedReading(reading, Long.MIN_VALUE),
                reading.reading().timestamp().toEpochMilli());
    }

    private static List<String> rejects(
            KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> harness) {
        var side = harness.getSideOutput(AdmitReadings.REJECTED);
        if (side == null) {
            return List.of();
        }
        return side.stream()
                .map(StreamRecord::getValue)
                .map(r -> r.reason() + "@" + r.position().offset())
                .toList();
    }

    private static List<String> admitted(
            KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> harness) {
        return harness.extractOutputValues().stream()
                .map(a -> a.reading().readingId() + (a.late() ? " late" : " on time"))
                .toList();
    }

    @Test
    void passesTheFirstReadingOfAnIdAndRejectsItsCopiesAsDuplicatesWithTheirOwnBytes()
            throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, reading("cow-1", ID_1, T0, 1));
            send(harness, reading("cow-1", ID_2, T0.plusSeconds(1), 2));
            send(harness, reading("cow-1", ID_1, T0, 3));
            send(harness, reading("cow-1", ID_1, T0.plusSeconds(5), 4)); // same id, other time

            assertThat(admitted(harness)).containsExactly(ID_1 + " on time", ID_2 + " on time");
            assertThat(harness.getSideOutput(AdmitReadings.REJECTED))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(
                            new Rejected(
                                    new KafkaPosition("cow-health-data", 0, 3),
                                    RejectReason.DUPLICATE,
                                    "readingId " + ID_1 + " was already received",
                                    "payload 3".getBytes(StandardCharsets.UTF_8),
                                    Instant.ofEpochMilli(5_000)),
                            new Rejected(
                                    new KafkaPosition("cow-health-data", 0, 4),
                                    RejectReason.DUPLICATE,
                                    "readingId " + ID_1 + " was already received",
                                    "payload 4".getBytes(StandardCharsets.UTF_8),
                                    Instant.ofEpochMilli(5_000)));
            // One value and one timer per animal.
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void comparesIdsPerAnimal() throws Exception {
        try (var harness = harness()) {
            harness.open();
            send(harness, reading("cow-1", ID_1, T0, 1));
            send(harness, reading("cow-2", ID_1, T0, 2));

            assertThat(admitted(harness)).containsExactly(ID_1 + " on time", ID_1 + " on time");
            assertThat(rejects(harness)).isEmpty();
        }
    }

    @Test
    void rejectsAReadingWhoseWindowIsDroppedAsLateAndStillPassesItToTheAlertRules()
            throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(new Watermark(T0_CLEANUP - 1));
            send(harness, reading("cow-1", ID_1, T0, 1)); // its window still open: on time
            harness.processWatermark(new Watermark(T0_CLEANUP));
            send(harness, reading("cow-1", ID_2, T0.plus(WINDOW).minusMillis(1), 2)); // dropped

            assertThat(admitted(harness)).containsExactly(ID_1 + " on time", ID_2 + " late");
            assertThat(harness.getSideOutput(AdmitReadings.REJECTED))
                    .extracting(StreamRecord::getValue)
                    .extracting(Rejected::reason, Rejected::detail)
                    .containsExactly(
                            tuple(
                                    RejectReason.LATE,
                                    "timestamp 2026-03-01T10:00:59.999Z is in window"
                                            + " [2026-03-01T10:00:00Z, 2026-03-01T10:01:00Z),"
                                            + " already closed (allowed lateness PT20S)"));
        }
    }

    @Test
    void decidesLatenessByItsPartitionsWatermarkWhereverFlinksWatermarkIs() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(new Watermark(T0_CLEANUP - 10_000));
            harness.processElement(
                    new StampedReading(reading("cow-1", ID_1, T0, 1), T0_CLEANUP - 1),
                    T0.toEpochMilli());
            harness.processElement(
                    new StampedReading(reading("cow-1", ID_2, T0, 2), T0_CLEANUP),
                    T0.toEpochMilli());

            assertThat(admitted(harness)).containsExactly(ID_1 + " on time", ID_2 + " late");
            assertThat(rejects(harness)).containsExactly("LATE@2");
        }
    }

    @Test
    void aReadingOfAPartitionBehindTheWindowsWatermarkIsLateAllTheSame() throws Exception {
        // A partition left out of the watermark while idle comes back behind it: the windows
        // would drop its reading, so it must be rejected, not lost.
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(new Watermark(T0_CLEANUP));
            harness.processElement(
                    new StampedReading(reading("cow-1", ID_1, T0, 1), T0_CLEANUP - 30_000),
                    T0.toEpochMilli());

            assertThat(admitted(harness)).containsExactly(ID_1 + " late");
            assertThat(rejects(harness)).containsExactly("LATE@1");
        }
    }

    @Test
    void aCopyIsDuplicateWithinTheHorizonAndLateBeyondIt() throws Exception {
        long forgetAt = T0_CLEANUP + HORIZON.toMillis();
        try (var harness = harness()) {
            harness.open();
            send(harness, reading("cow-1", ID_1, T0, 1));
            harness.processWatermark(new Watermark(T0_CLEANUP));
            send(harness, reading("cow-1", ID_2, T0, 2)); // LATE, and remembered
            send(harness, reading("cow-1", ID_1, T0, 3)); // late copy of a counted one
            send(harness, reading("cow-1", ID_2, T0, 4)); // copy of a LATE one
            harness.processWatermark(new Watermark(forgetAt - 1));
            send(harness, reading("cow-1", ID_1, T0, 5)); // last moment it is remembered
            harness.processWatermark(new Watermark(forgetAt));
            send(harness, reading("cow-1", ID_1, T0, 6)); // beyond the horizon

            assertThat(rejects(harness))
                    .containsExactly(
                            "LATE@2", "DUPLICATE@3", "DUPLICATE@4", "DUPLICATE@5", "LATE@6");
            assertThat(admitted(harness))
                    .containsExactly(ID_1 + " on time", ID_2 + " late", ID_1 + " late");
        }
    }

    @Test
    void forgetsTheIdsOfAnAnimalOnceTheWatermarkPassesTheHorizonAndClearsItsState()
            throws Exception {
        long forgetAt = T0_CLEANUP + HORIZON.toMillis();
        try (var harness = harness()) {
            harness.open();
            send(harness, reading("cow-1", ID_1, T0, 1));
            send(harness, reading("cow-1", ID_2, T0.plus(WINDOW), 2));
            // One timer per animal, at her earliest remembered id, however many windows.
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);

            harness.processWatermark(new Watermark(forgetAt));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);

            harness.processWatermark(new Watermark(forgetAt + WINDOW.toMillis()));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anEarlierWindowArrivingLaterGetsTheEarlierTimerAndIsForgottenAsSoon() throws Exception {
        long forgetAt = T0_CLEANUP + HORIZON.toMillis();
        try (var harness = harness()) {
            harness.open();
            send(harness, reading("cow-1", ID_2, T0.plus(WINDOW), 1));
            send(harness, reading("cow-1", ID_1, T0, 2));
            assertThat(harness.numEventTimeTimers()).isEqualTo(2);

            harness.processWatermark(new Watermark(forgetAt));
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            send(harness, reading("cow-1", ID_2, T0.plus(WINDOW), 3)); // still remembered
            send(harness, reading("cow-1", ID_1, T0, 4)); // forgotten: its window is gone

            harness.processWatermark(new Watermark(forgetAt + WINDOW.toMillis()));
            assertThat(rejects(harness)).containsExactly("DUPLICATE@3", "LATE@4");
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void afterARestoreDecidesByTheCheckpointedWatermarkAndRemembersIds() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness()) {
            before.open();
            send(before, reading("cow-1", ID_1, T0.plus(WINDOW), 1));
            before.processWatermark(new Watermark(T0_CLEANUP));
            snapshot = before.snapshot(1, 1);
        }

        try (var after = harness()) {
            after.initializeState(snapshot);
            after.open();
            send(after, reading("cow-1", ID_2, T0.plus(WINDOW).minusMillis(1), 2)); // dropped
            send(after, reading("cow-1", ID_1, T0.plus(WINDOW), 3)); // a copy
            send(after, reading("cow-2", ID_1, T0.plus(WINDOW), 4)); // next window: on time

            assertThat(rejects(after)).containsExactly("LATE@2", "DUPLICATE@3");
            assertThat(admitted(after)).containsExactly(ID_2 + " late", ID_1 + " on time");
        }
    }

    @ParameterizedTest
    @CsvSource({"PT1M, PT10M", "PT1M, PT1S", "PT1H, PT20S"})
    void stateWrittenUnderAnotherWindowOrLatenessIsRefusedWithoutRestartsNamingBoth(
            Duration window, Duration allowedLateness) throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness()) {
            before.open();
            send(before, reading("cow-1", ID_1, T0, 1));
            before.processWatermark(new Watermark(T0_CLEANUP));
            snapshot = before.snapshot(1, 1);
        }

        try (var after = harness(new Lateness(window, allowedLateness), 1, 0)) {
            assertThatThrownBy(() -> after.initializeState(snapshot))
                    .isInstanceOf(SuppressRestartsException.class)
                    .rootCause()
                    .hasMessageContaining(
                            "written with --window " + WINDOW + " --allowed-lateness " + LATENESS)
                    .hasMessageContaining(
                            "runs with --window "
                                    + window
                                    + " --allowed-lateness "
                                    + allowedLateness);
        }
    }

    @Test
    void stateIsRestoredUnderTheSameRuleGivenAnotherWay() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness()) {
            before.open();
            send(before, reading("cow-1", ID_1, T0, 1));
            snapshot = before.snapshot(1, 1);
        }

        try (var after =
                harness(new Lateness(Duration.ofSeconds(60), Duration.ofMillis(20_000)), 1, 0)) {
            after.initializeState(snapshot);
            after.open();
            send(after, reading("cow-1", ID_1, T0, 2));

            assertThat(rejects(after)).containsExactly("DUPLICATE@2");
        }
    }

    @Test
    void afterASavepointOfADrainedJobDecidesByTheInputsLastWatermark() throws Exception {
        // flink stop --drain: the end of input's watermark, then the savepoint.
        OperatorSubtaskState drained;
        try (var before = harness()) {
            before.open();
            send(before, reading("cow-1", ID_1, T0, 1));
            before.processWatermark(new Watermark(T0_CLEANUP));
            before.processWatermark(new Watermark(Long.MAX_VALUE));
            drained = before.snapshot(1, 1);
        }

        try (var resumed = harness()) {
            resumed.initializeState(drained);
            resumed.open();
            send(resumed, reading("cow-1", ID_2, T0.plusSeconds(30), 2)); // dropped before
            send(resumed, reading("cow-1", ID_3, T0.plus(WINDOW), 3));

            assertThat(rejects(resumed)).containsExactly("LATE@2");
            assertThat(admitted(resumed)).containsExactly(ID_2 + " late", ID_3 + " on time");
        }
    }

    @Test
    void afterARescaleDecidesByTheSmallestCheckpointedWatermark() throws Exception {
        OperatorSubtaskState ahead;
        OperatorSubtaskState behind;
        try (var first = harness(2, 0);
                var second = harness(2, 1)) {
            first.open();
            second.open();
            first.processWatermark(new Watermark(T0_CLEANUP + 60_000));
            second.processWatermark(new Watermark(T0_CLEANUP - 1));
            ahead = first.snapshot(1, 1);
            behind = second.snapshot(1, 1);
        }
        OperatorSubtaskState merged =
                AbstractStreamOperatorTestHarness.repackageState(ahead, behind);

        try (var restored = harness(1, 0)) {
            restored.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            merged, 10, 2, 1, 0));
            restored.open();
            send(restored, reading("cow-1", ID_1, T0, 1));

            assertThat(admitted(restored)).containsExactly(ID_1 + " on time");
            assertThat(rejects(restored)).isEmpty();
        }
    }
}
