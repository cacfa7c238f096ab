package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.ACTIVITY;
import static io.herdpulse.alerts.TestReadings.RUMINATION;
import static io.herdpulse.alerts.TestReadings.TEMP;
import static io.herdpulse.alerts.TestReadings.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.FarmReport;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Farm A has cows a1 and a2, farm B cow b1; readings every ten minutes, the watermark at each
 * step's time.
 */
class SensorSilentAlertTest {
    private static final int SILENT_STEPS = 3;

    private static List<HealthAlert> run(
            DetectorHarness detector, int fromStep, int toStep, Reports reports) throws Exception {
        List<HealthAlert> alerts = new ArrayList<>();
        for (int step = fromStep; step <= toStep; step++) {
            for (String cow : List.of("a1", "a2", "b1")) {
                if (reports.test(cow, step)) {
                    detector.send(
                            TestReadings.reading(
                                    cow.startsWith("a") ? "farm-A" : "farm-B",
                                    cow,
                                    at(step),
                                    TEMP,
                                    ACTIVITY,
                                    RUMINATION,
                                    null));
                }
            }
            detector.watermark(at(step));
            alerts.addAll(detector.newAlerts());
        }
        return alerts;
    }

    private interface Reports {
        boolean test(String cow, int step);
    }

    @Test
    void firesThreeIntervalsAfterTheLastReadingWhileTheFarmReportsAndEndsWithTheNext()
            throws Exception {
        int last = 10;
        int back = 30;
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            // Her deadline is step last + 3, when the farm reports too: that report is known once
            // the watermark has passed the rest of its minute, at the next step.
            assertThat(
                            run(
                                    detector,
                                    0,
                                    last + SILENT_STEPS,
                                    (cow, s) -> !cow.equals("a1") || s <= last))
                    .isEmpty();

            List<HealthAlert> fired =
                    run(
                            detector,
                            last + SILENT_STEPS + 1,
                            last + SILENT_STEPS + 1,
                            (cow, s) -> !cow.equals("a1"));
            assertThat(fired)
                    .containsExactly(
                            new HealthAlert(
                                    "a1/SENSOR_SILENT/" + at(last + 1),
                                    "a1",
                                    "farm-A",
                                    AlertKind.SENSOR_SILENT,
                                    Severity.WARNING,
                                    at(last + 1),
                                    null,
                                    null,
                                    30.0,
                                    fired.get(0).detailsJson(),
                                    fired.get(0).detectedAt()));

            assertThat(
                            run(
                                    detector,
                                    last + SILENT_STEPS + 2,
                                    back - 1,
                                    (cow, s) -> !cow.equals("a1")))
                    .isEmpty();
            assertThat(run(detector, back, back, (cow, s) -> true))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertId()).isEqualTo(fired.get(0).alertId());
                                assertThat(a.endedAt()).isEqualTo(at(back));
                            });
        }
    }

    @Test
    void aReadingFromBeforeTheSilenceArrivingLateLeavesItOpenUntilHerNextReading()
            throws Exception {
        int last = 10;
        int back = 30;
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> alerts =
                    new ArrayList<>(
                            run(
                                    detector,
                                    0,
                                    last + SILENT_STEPS + 1,
                                    (cow, s) -> !cow.equals("a1") || s <= last));
            assertThat(alerts).extracting(HealthAlert::startedAt).containsExactly(at(last + 1));

            // Buffered by her bolus: five minutes after her last reading, before the silence's
            // start, and behind her partition's watermark.
            detector.send(
                    TestReadings.reading(
                            "farm-A",
                            "a1",
                            at(last).plus(Duration.ofMinutes(5)),
                            TEMP,
                            ACTIVITY,
                            RUMINATION,
                            null),
                    at(last + SILENT_STEPS + 1).toEpochMilli());
            alerts.addAll(
                    run(
                            detector,
                            last + SILENT_STEPS + 2,
                            back,
                            (cow, s) -> !cow.equals("a1") || s == back));

            assertThat(alerts)
                    .extracting(HealthAlert::startedAt, HealthAlert::endedAt)
                    .containsExactly(tuple(at(last + 1), null), tuple(at(last + 1), at(back)));
        }
    }

    /**
     * Her bolus lost its radio for three hours and then uploads what it buffered, while her
     * partition's watermark stands still or moves on with other cows' readings (up to 20 min over
     * the upload, less than her 30-min silence span): the silence the farm saw is raised once and
     * ended by her first reading, and her buffered readings, all behind the watermark when they
     * come, raise nothing between them (found by reviews, 2026-12-06: each raised and ended a
     * silence of no length).
     */
    @ParameterizedTest(name = "{0} s between the uploaded readings")
    @ValueSource(ints = {0, 1, 60})
    void aBolusUploadingWhatItBufferedRaisesOneSilenceNotOnePerReading(int secondsApart)
            throws Exception {
        int last = 10;
        int reconnect = 30;
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> alerts =
                    new ArrayList<>(
                            run(
                                    detector,
                                    0,
                                    reconnect,
                                    (cow, s) -> !cow.equals("a1") || s <= last));
            Instant uploadedAt = at(reconnect);
            for (int step = last + 1; step <= reconnect; step++) {
                detector.send(
                        TestReadings.reading(
                                "farm-A", "a1", at(step), TEMP, ACTIVITY, RUMINATION, null),
                        uploadedAt.toEpochMilli());
                detector.watermark(uploadedAt);
                alerts.addAll(detector.newAlerts());
                uploadedAt = uploadedAt.plusSeconds(secondsApart);
            }
            alerts.addAll(run(detector, reconnect + 3, reconnect + 10, (cow, s) -> true));

            assertThat(alerts)
                    .extracting(HealthAlert::alertId, HealthAlert::startedAt, HealthAlert::endedAt)
                    .containsExactly(
                            tuple("a1/SENSOR_SILENT/" + at(last + 1), at(last + 1), null),
                            tuple("a1/SENSOR_SILENT/" + at(last + 1), at(last + 1), at(last + 1)));
        }
    }

    @Test
    void aWholeFarmGoingQuietRaisesNoSilenceAlerts() throws Exception {
        int last = 10;
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            // Farm A's gateway fails for 8 hours while farm B keeps the watermark moving.
            List<HealthAlert> alerts =
                    run(detector, 0, last + 48, (cow, s) -> cow.equals("b1") || s <= last);
            assertThat(alerts).isEmpty();

            // Farm A is back, but a1's bolus is not: now a1 is silent, since its last reading.
            alerts = run(detector, last + 49, last + 60, (cow, s) -> !cow.equals("a1"));
            assertThat(alerts)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.animalId()).isEqualTo("a1");
                                assertThat(a.kind()).isEqualTo(AlertKind.SENSOR_SILENT);
                                assertThat(a.startedAt()).isEqualTo(at(last + 1));
                            });
        }
    }

    @Test
    void resumedFromASavepointOfAnEarlierVersionAnInstanceKnowsItsShareOfTheFarmsMinutes()
            throws Exception {
        int last = 10;
        // Earlier versions checkpointed each instance's own share of the farms' minutes, split:
        // this instance's cows of farm A reported at steps 11 to 16.
        FarmClock share = new FarmClock();
        for (int step = last + 1; step <= last + 6; step++) {
            share.saw(new FarmReport("farm-A", at(step).toEpochMilli()));
        }
        OperatorSubtaskState savepoint = splitState("alert-farm-minutes", share.snapshot());

        try (DetectorHarness detector =
                new DetectorHarness(AlertThresholds.defaults(), savepoint)) {
            List<HealthAlert> alerts =
                    run(
                            detector,
                            last,
                            last + 6,
                            (cow, s) -> cow.equals("b1") || cow.equals("a1") && s == last);

            assertThat(alerts)
                    .extracting(HealthAlert::animalId, HealthAlert::kind, HealthAlert::startedAt)
                    .containsExactly(tuple("a1", AlertKind.SENSOR_SILENT, at(last + 1)));
        }
    }

    /** A snapshot holding one split list state of farm minutes, as earlier versions wrote it. */
    private static OperatorSubtaskState splitState(String name, List<FarmClock.Minutes> entries)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<Object, Object> harness =
                new OneInputStreamOperatorTestHarness<>(new SplitState(name, entries))) {
            harness.open();
            return harness.snapshot(1, 1);
        }
    }

    private static final class SplitState extends AbstractStreamOperator<Object>
            implements OneInputStreamOperator<Object, Object> {
        private final String name;
        private final transient List<FarmClock.Minutes> entries;

        SplitState(String name, List<FarmClock.Minutes> entries) {
            this.name = name;
            this.entries = entries;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            context.getOperatorStateStore()
                    .getListState(new ListStateDescriptor<>(name, FarmClock.Minutes.class))
                    .update(entries);
        }

        @Override
        public void processElement(StreamRecord<Object> element) {}
    }
}
