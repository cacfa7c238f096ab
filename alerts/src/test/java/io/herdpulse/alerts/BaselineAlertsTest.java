package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.ACTIVITY;
import static io.herdpulse.alerts.TestReadings.INTERVAL;
import static io.herdpulse.alerts.TestReadings.RUMINATION;
import static io.herdpulse.alerts.TestReadings.START;
import static io.herdpulse.alerts.TestReadings.TEMP;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** LOW_RUMINATION and HIGH_ACTIVITY against the cow's own 7-day baseline. */
class BaselineAlertsTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant DAY_3 = START.plus(DAY.multipliedBy(3));
    private static final ToDoubleFunction<Reading> RUMINATION_MIN = Reading::ruminationMin;
    private static final ToDoubleFunction<Reading> ACTIVITY_INDEX = Reading::activity;

    /** Normal readings from {@code from} to {@code to}, with rumination and activity by time. */
    private static List<Reading> cow(
            Instant from, Instant to, Lowered rumination, Lowered activity) {
        List<Reading> readings = new ArrayList<>();
        for (Instant t = from; !t.isAfter(to); t = t.plus(INTERVAL)) {
            readings.add(
                    TestReadings.reading(
                            "farm-1",
                            "cow-4",
                            t,
                            TEMP,
                            activity.at(t, ACTIVITY),
                            rumination.at(t, RUMINATION),
                            null));
        }
        return readings;
    }

    /** A value that differs from normal between two instants. */
    private record Lowered(Instant from, Instant until, double value) {
        static final Lowered NEVER = new Lowered(Instant.MAX, Instant.MAX, 0);

        double at(Instant t, double normal) {
            return !t.isBefore(from) && t.isBefore(until) ? value : normal;
        }
    }

    @Test
    void lowRuminationFiresWhen24HoursFallBelow60PercentOfTheDailyMeanAndEndsAt80()
            throws Exception {
        Lowered sick = new Lowered(DAY_3, DAY_3.plus(Duration.ofHours(16)), 1.0);
        List<Reading> readings =
                cow(START, DAY_3.plus(DAY).plus(Duration.ofHours(23)), sick, Lowered.NEVER);
        WindowOracle oracle = new WindowOracle(readings);
        IntPredicate low =
                i ->
                        oracle.historyDays(i, 7) >= 3
                                && oracle.windowSum(i, Duration.ofHours(24), RUMINATION_MIN)
                                        < 0.6 * oracle.dailyMean(i, 7, RUMINATION_MIN);
        int onset = first(readings.size(), 0, low);
        int end =
                first(
                        readings.size(),
                        onset + 1,
                        i ->
                                oracle.windowSum(i, Duration.ofHours(24), RUMINATION_MIN)
                                        >= 0.8 * oracle.dailyMean(i, 7, RUMINATION_MIN));

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings.subList(0, onset))).isEmpty();
            List<HealthAlert> fired = detector.step(readings.get(onset));
            double ratio =
                    oracle.windowSum(onset, Duration.ofHours(24), RUMINATION_MIN)
                            / oracle.dailyMean(onset, 7, RUMINATION_MIN);
            assertThat(fired)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.kind()).isEqualTo(AlertKind.LOW_RUMINATION);
                                assertThat(a.severity()).isEqualTo(Severity.WARNING);
                                assertThat(a.startedAt())
                                        .isEqualTo(readings.get(onset).timestamp());
                                assertThat(a.value()).isEqualTo(Math.round(ratio * 1000) / 1000.0);
                                assertThat(a.threshold()).isEqualTo(0.6);
                            });
            assertThat(detector.stepAll(readings.subList(onset + 1, end))).isEmpty();
            assertThat(detector.step(readings.get(end)))
                    .singleElement()
                    .satisfies(
                            a -> assertThat(a.endedAt()).isEqualTo(readings.get(end).timestamp()));
        }
    }

    @Test
    void lowRuminationStaysSilentWithLessThanThreeDaysOfHistory() throws Exception {
        Lowered sick = new Lowered(DAY_3, DAY_3.plus(DAY), 1.0);
        // Starts a day later: only two complete days before day 3.
        List<Reading> readings =
                cow(START.plus(DAY), DAY_3.plus(DAY).minus(INTERVAL), sick, Lowered.NEVER);
        WindowOracle oracle = new WindowOracle(readings);
        assertThat(oracle.historyDays(readings.size() - 1, 7)).isEqualTo(2);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings)).isEmpty();
        }
    }

    @Test
    void highActivityFiresWhenTwoHoursExceed2Point5TimesTheMeanTwoHoursAndEndsAt1Point5()
            throws Exception {
        Instant heat = DAY_3.plus(Duration.ofHours(8));
        Lowered inHeat = new Lowered(heat, heat.plus(Duration.ofHours(12)), 40.0);
        List<Reading> readings =
                cow(START, DAY_3.plus(Duration.ofHours(23)), Lowered.NEVER, inHeat);
        WindowOracle oracle = new WindowOracle(readings);
        IntPredicate high =
                i ->
                        oracle.historyDays(i, 7) >= 3
                                && oracle.windowSum(i, Duration.ofHours(2), ACTIVITY_INDEX)
                                        > 2.5 * oracle.dailyMean(i, 7, ACTIVITY_INDEX) / 12;
        int onset = first(readings.size(), 0, high);
        int end =
                first(
                        readings.size(),
                        onset + 1,
                        i ->
                                oracle.windowSum(i, Duration.ofHours(2), ACTIVITY_INDEX)
                                        <= 1.5 * oracle.dailyMean(i, 7, ACTIVITY_INDEX) / 12);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings.subList(0, onset))).isEmpty();
            assertThat(detector.step(readings.get(onset)))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.kind()).isEqualTo(AlertKind.HIGH_ACTIVITY);
                                assertThat(a.startedAt())
                                        .isEqualTo(readings.get(onset).timestamp());
                                assertThat(a.threshold()).isEqualTo(2.5);
                            });
            assertThat(detector.stepAll(readings.subList(onset + 1, end))).isEmpty();
            assertThat(detector.step(readings.get(end)))
                    .singleElement()
                    .satisfies(
                            a -> assertThat(a.endedAt()).isEqualTo(readings.get(end).timestamp()));
            assertThat(detector.stepAll(readings.subList(end + 1, readings.size()))).isEmpty();
        }
    }

    @Test
    void highActivityStaysSilentWithLessThanThreeDaysOfHistory() throws Exception {
        Instant heat = DAY_3.plus(Duration.ofHours(8));
        Lowered inHeat = new Lowered(heat, heat.plus(Duration.ofHours(12)), 40.0);
        List<Reading> readings =
                cow(START.plus(DAY), DAY_3.plus(Duration.ofHours(23)), Lowered.NEVER, inHeat);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings)).isEmpty();
        }
    }

    private static int first(int size, int from, IntPredicate p) {
        for (int i = from; i < size; i++) {
            if (p.test(i)) {
                return i;
            }
        }
        throw new AssertionError("the input never meets the condition");
    }
}
