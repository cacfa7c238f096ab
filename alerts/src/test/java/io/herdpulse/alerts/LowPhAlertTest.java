package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.ACTIVITY;
import static io.herdpulse.alerts.TestReadings.INTERVAL;
import static io.herdpulse.alerts.TestReadings.RUMINATION;
import static io.herdpulse.alerts.TestReadings.TEMP;
import static io.herdpulse.alerts.TestReadings.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class LowPhAlertTest {
    private static final double LOW_PH = 5.8;

    /** Each reading stands for the ten minutes before it. */
    private static final ToDoubleFunction<Reading> LOW_MINUTES =
            r -> r.rumenPh() < LOW_PH ? INTERVAL.toMinutes() : 0;

    /** Normal pH, then {@code lowReadings} readings at 5.6 from 01:10, then normal for 30 h. */
    private static List<Reading> episode(int lowReadings) {
        List<Reading> readings = new ArrayList<>();
        int normalBefore = 6;
        int total = normalBefore + lowReadings + 30 * 6;
        for (int i = 0; i < total; i++) {
            boolean low = i >= normalBefore && i < normalBefore + lowReadings;
            readings.add(
                    TestReadings.reading(
                            "farm-1", "cow-5", at(i), TEMP, ACTIVITY, RUMINATION, low ? 5.6 : 6.3));
        }
        return readings;
    }

    @Test
    void firesOnceThreeHoursOfLowPhFallInTheLast24HoursAndEndsBelowOneHour() throws Exception {
        List<Reading> readings = episode(24);
        WindowOracle oracle = new WindowOracle(readings);
        int firstLow = 6;
        int onset = firstLow;
        while (oracle.windowSum(onset, Duration.ofHours(24), LOW_MINUTES) < 180) {
            onset++;
        }
        int end = onset + 1;
        while (oracle.windowSum(end, Duration.ofHours(24), LOW_MINUTES) >= 60) {
            end++;
        }

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings.subList(0, onset))).isEmpty();
            List<HealthAlert> fired = detector.step(readings.get(onset));
            assertThat(fired)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.kind()).isEqualTo(AlertKind.LOW_PH);
                                assertThat(a.startedAt()).isEqualTo(at(firstLow));
                                assertThat(a.value()).isEqualTo(3.0);
                                assertThat(a.threshold()).isEqualTo(3.0);
                            });
            assertThat(detector.stepAll(readings.subList(onset + 1, end))).isEmpty();
            int last = end;
            assertThat(detector.step(readings.get(end)))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertId()).isEqualTo(fired.get(0).alertId());
                                assertThat(a.endedAt()).isEqualTo(at(last));
                            });
        }
    }

    @Test
    void staysSilentWhenLowPhLastsTenMinutesShortOfThreeHours() throws Exception {
        List<Reading> readings = episode(17);
        WindowOracle oracle = new WindowOracle(readings);
        double most = 0;
        for (int i = 0; i < readings.size(); i++) {
            most = Math.max(most, oracle.windowSum(i, Duration.ofHours(24), LOW_MINUTES));
        }
        assertThat(most).isEqualTo(170.0);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings)).isEmpty();
        }
    }

    /**
     * At hourly readings the silence span (3 readings) is as long as the low time that raises the
     * alert: a low reading after a silence credited the whole gap and raised LOW_PH alone, at the
     * start of an episode or after an earlier low reading still in the window (found by reviews,
     * 2026-12-06). A low reading stands for one interval; the alert comes with the third hourly low
     * reading, as DESIGN.md's three hours below 5.8 say.
     */
    @Test
    void atHourlyReadingsOneLowReadingAfterASilenceIsNotThreeHoursOfLowPh() throws Exception {
        AlertThresholds defaults = AlertThresholds.defaults();
        AlertThresholds hourly =
                new AlertThresholds(
                        Duration.ofHours(1),
                        defaults.alertStateTtl(),
                        defaults.temperature(),
                        defaults.baseline(),
                        defaults.ph(),
                        defaults.silence());
        try (DetectorHarness detector = new DetectorHarness(hourly)) {
            for (int hour = 0; hour <= 4; hour++) {
                assertThat(detector.step(hourly(hour, 6.5))).isEmpty();
            }
            // Nothing at hours 5 and 6.
            assertThat(detector.step(hourly(7, 5.7))).isEmpty();
            // One low hour in the window: the next after a silence still stands for one hour.
            for (int hour = 8; hour <= 11; hour++) {
                assertThat(detector.step(hourly(hour, 6.5))).isEmpty();
            }
            // Nothing at hours 12 and 13.
            assertThat(detector.step(hourly(14, 5.7))).isEmpty();
            assertThat(detector.step(hourly(15, 5.7)))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.kind()).isEqualTo(AlertKind.LOW_PH);
                                assertThat(a.startedAt()).isEqualTo(hourly(7, 5.7).timestamp());
                                assertThat(a.value()).isEqualTo(3.0);
                            });
        }
    }

    private static Reading hourly(int hour, double ph) {
        return TestReadings.reading(
                "farm-1",
                "cow-5",
                at(0).plus(Duration.ofHours(hour)),
                TEMP,
                ACTIVITY,
                RUMINATION,
                ph);
    }
}
