package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's crash: after a restore the watermark starts from nothing, so a replayed reading older
 * than what the animal's state covers was put in order among the waiting readings and handed to the
 * rules, whose hourly rings then moved backwards (ArrayIndexOutOfBoundsException in
 * HourlyRing.advanceAndAdd, the job restarting for ever).
 */
class RestoreRegressionTest {
    private static final Duration EVERY = Duration.ofSeconds(20);
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void aReadingOlderThanTheAnimalsStateReplayedAfterARestoreIsLeftOutAsWithoutTheRestore()
            throws Exception {
        // Three cows every 20 s for 30 min, a checkpoint after 15 min; what follows it is
        // replayed after the restore, with a duplicate and two late readings among it, one a day
        // late. Cow 2's fever starts just after the checkpoint: a late normal reading handed to
        // the rules would break its run of fever readings.
        List<Reading> before = new ArrayList<>();
        List<Reading> after = new ArrayList<>();
        for (int step = 0; step < 90; step++) {
            for (int cow = 0; cow < 3; cow++) {
                double temp = cow == 2 && step >= 46 ? 40.2 : 38.8;
                (step < 45 ? before : after)
                        .add(reading(cow, START.plus(EVERY.multipliedBy(step)), temp, ""));
            }
        }
        after.add(5, after.get(2));
        after.add(1, reading(2, START.minus(Duration.ofHours(24)), 38.8, "late"));
        after.add(4, reading(2, START.plus(Duration.ofMinutes(1)), 38.8, "late"));
        Instant checkpointAt = before.get(before.size() - 1).timestamp();

        List<HealthAlert> uninterrupted;
        try (DetectorHarness detector = new DetectorHarness(AlertThresholds.defaults())) {
            feed(detector, before);
            feed(detector, after);
            uninterrupted = detector.newAlerts();
        }
        assertThat(uninterrupted)
                .extracting(HealthAlert::kind, HealthAlert::startedAt)
                .containsExactly(tuple(AlertKind.FEVER, START.plus(EVERY.multipliedBy(46))));

        OperatorSubtaskState snapshot;
        List<HealthAlert> restored;
        try (DetectorHarness detector = new DetectorHarness(AlertThresholds.defaults())) {
            feed(detector, before);
            restored = detector.newAlerts();
            snapshot = detector.snapshot(1, checkpointAt.toEpochMilli());
        }
        try (DetectorHarness detector = new DetectorHarness(AlertThresholds.defaults(), snapshot)) {
            feed(detector, after);
            restored.addAll(detector.newAlerts());
            // Nothing is left waiting: every cow has its one silence timer.
            assertThat(detector.numEventTimeTimers()).isEqualTo(3);
        }

        assertThat(restored).isEqualTo(uninterrupted);
    }

    /**
     * DrillIT's extra SENSOR_SILENT rows (seed 176396880650366): a cow first seen after the
     * checkpoint, her day-late reading sent after her first regular ones, and after the restore
     * Flink's watermark stays behind while the replay goes on. Put in order by that watermark, the
     * day-old reading went to the rules before her waiting regular ones and she was silent for a
     * day.
     */
    @Test
    void aDayLateReadingOfACowFirstSeenAfterTheCheckpointIsLeftOutWhileTheWatermarkLags()
            throws Exception {
        Duration every = Duration.ofMinutes(10);
        List<Reading> before = new ArrayList<>();
        List<Reading> after = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            for (int cow = 0; cow < 3; cow++) {
                if (cow < 2 || step >= 25) {
                    (step < 20 ? before : after)
                            .add(reading(cow, START.plus(every.multipliedBy(step)), 38.8, ""));
                }
            }
        }
        after.add(40, reading(2, START.minus(Duration.ofDays(1)), 38.8, "late"));

        List<HealthAlert> uninterrupted;
        try (DetectorHarness detector = new DetectorHarness(AlertThresholds.defaults())) {
            long newest = stampAndFeed(detector, before, Long.MIN_VALUE, true);
            stampAndFeed(detector, after, newest, true);
            uninterrupted = detector.newAlerts();
        }
        assertThat(uninterrupted).isEmpty();

        List<HealthAlert> restored;
        try (DetectorHarness detector = new DetectorHarness(AlertThresholds.defaults())) {
            long newest = stampAndFeed(detector, before, Long.MIN_VALUE, true);
            OperatorSubtaskState snapshot = detector.snapshot(1, newest);
            try (DetectorHarness resumed =
                    new DetectorHarness(AlertThresholds.defaults(), snapshot)) {
                stampAndFeed(resumed, after, newest, false);
                restored = resumed.newAlerts();
            }
        }
        assertThat(restored).isEqualTo(uninterrupted);
    }

    /**
     * {@code flink stop --drain} sends the end of input's watermark before its savepoint. Resumed
     * from it, the rules must work on what comes next as a fresh start does; the end of input's
     * watermark, kept, made every reading too late and forgot every cow at once.
     */
    @Test
    void afterASavepointOfADrainedJobAFeverIsAlertedAsOnAFreshStart() throws Exception {
        List<Reading> before = new ArrayList<>();
        List<Reading> after = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            double temp = step >= 40 ? 40.2 : 38.8;
            (step < 20 ? before : after)
                    .add(reading(0, START.plus(EVERY.multipliedBy(step)), temp, ""));
        }

        List<HealthAlert> fresh;
        try (DetectorHarness detector = new DetectorHarness(AlertThresholds.defaults())) {
            feed(detector, after);
            fresh = detector.newAlerts();
        }
        assertThat(fresh)
                .extracting(HealthAlert::kind, HealthAlert::startedAt)
                .containsExactly(tuple(AlertKind.FEVER, START.plus(EVERY.multipliedBy(40))));

        OperatorSubtaskState drained;
        try (DetectorHarness detector = new DetectorHarness(AlertThresholds.defaults())) {
            feed(detector, before);
            detector.watermark(Long.MAX_VALUE);
            detector.newAlerts();
            drained = detector.snapshot(1, 1);
        }
        try (DetectorHarness resumed = new DetectorHarness(AlertThresholds.defaults(), drained)) {
            feed(resumed, after);
            assertThat(resumed.newAlerts()).isEqualTo(fresh);
        }
    }

    /**
     * Sends each reading with its partition's watermark (one partition: the newest before it, less
     * 10 s) and, when {@code watermarks}, Flink's watermark after every sixth; at the end Flink's
     * watermark reaches the newest. Returns the newest time sent.
     */
    private static long stampAndFeed(
            DetectorHarness detector, List<Reading> readings, long newest, boolean watermarks)
            throws Exception {
        long lag = Duration.ofSeconds(10).toMillis();
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            detector.send(reading, newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - lag);
            newest = Math.max(newest, reading.timestamp().toEpochMilli());
            if (watermarks && i % 6 == 5) {
                detector.watermark(Instant.ofEpochMilli(newest - lag));
            }
        }
        detector.watermark(Instant.ofEpochMilli(newest));
        return newest;
    }

    /**
     * The readings with, after every sixth, a watermark 10 s behind the newest, as the job's source
     * sends one now and then; at the end the watermark reaches the newest. So after the restore the
     * first readings arrive before any watermark.
     */
    private static void feed(DetectorHarness detector, List<Reading> readings) throws Exception {
        Instant newest = Instant.MIN;
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            detector.send(reading);
            newest = reading.timestamp().isAfter(newest) ? reading.timestamp() : newest;
            if (i % 6 == 5) {
                detector.watermark(newest.minusSeconds(10));
            }
        }
        detector.watermark(newest);
    }

    private static Reading reading(int cow, Instant at, double temp, String salt) {
        String animal = "cow-" + cow;
        return new Reading(
                1,
                UUID.nameUUIDFromBytes((animal + at + salt).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                "farm-1",
                animal,
                "bolus-" + animal,
                at,
                temp,
                10,
                0.2,
                null,
                null);
    }
}
