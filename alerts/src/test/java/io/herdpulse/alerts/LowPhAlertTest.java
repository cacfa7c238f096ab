package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.ACTIVITY;
import static io.herdpulse.alerts.TestReadings.INTERVAL;
import static io.herdpulse.alerts.TestReadings.RUMINATION;
import static io.herdpulse.alerts.TestReadings.TEMP;
import static io.herdpulse.alerts.TestReadings.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.herdpulse.alerts.baseline.BaselineThresholds;
import io.herdpulse.alerts.ph.PhThresholds;
import io.herdpulse.alerts.silence.SilenceThresholds;
import io.herdpulse.alerts.temperature.TemperatureThresholds;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * Many boluses sample pH less often than temperature. A cow with subacute ruminal acidosis,
     * below 5.8 from 07:00 to 12:00 every day, temperature every 10 minutes and pH on one reading
     * in {@code every}: counted as the time since her previous reading of any kind, an hourly pH
     * reading stood for 10 minutes and she was never alerted (review, 2026-12-06: nothing in three
     * days at one in 2, 3 or 6). Each pH reading stands for the time she was heard since the one
     * before, so she is alerted on her first day, once the low readings stand for three hours.
     */
    @ParameterizedTest(name = "pH on one reading in {0}")
    @ValueSource(ints = {1, 2, 3, 6})
    void aCowFiveHoursADayBelowTheLimitIsAlertedOnHerFirstDayWhenPhComesOnSomeReadings(int every)
            throws Exception {
        List<Reading> readings =
                readings(2 * 144, i -> i % every == 0, LowPhAlertTest::afterTheMorningFeed);

        assertAlertedWhenTheOracleSaysThreeHours(readings, Duration.ofDays(1));
    }

    /**
     * The other side: an hour per hourly reading must not make a healthy cow sick. Her pH dips
     * after each feed, to 5.85-5.95 for a few hours, and never below 5.8.
     */
    @Test
    void aHealthyCowWithHourlyPhAndDipsAfterFeedingAboveTheLimitIsNeverAlerted() throws Exception {
        List<Reading> readings =
                readings(
                        3 * 144,
                        i -> i % 6 == 0,
                        t -> {
                            int hour = t.atZone(ZoneOffset.UTC).getHour();
                            boolean afterFeed = hour >= 7 && hour < 12 || hour >= 17 && hour < 21;
                            return afterFeed ? 5.85 + 0.02 * (hour % 5) : 6.3;
                        });

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings)).isEmpty();
        }
    }

    /**
     * Her bolus sends no pH for six hours while her temperature keeps coming, then hourly low pH:
     * the first low reading stands for an hour ({@code --ph-interval}), not the six, so it does not
     * raise the alert alone; the third does.
     */
    @Test
    void aLowHourlyReadingAfterHoursWithoutPhStandsForOneHourNotTheHoursWithoutPh()
            throws Exception {
        int silentFrom = 6 * 6;
        int phAgain = 12 * 6;
        List<Reading> readings =
                readings(
                        18 * 6,
                        i -> i % 6 == 0 && (i < silentFrom || i >= phAgain),
                        t -> t.isBefore(at(phAgain)) ? 6.3 : 5.6);

        Duration firstLowToAlert = assertAlertedWhenTheOracleSaysThreeHours(readings, null);

        assertThat(firstLowToAlert).isEqualTo(Duration.ofHours(2));
    }

    /**
     * All her readings lost for four and a half hours (a radio down), pH hourly around them: the
     * low reading after the loss stands for the time she was heard since her previous pH reading,
     * the lost hours not among it, as the pH of lost readings is not known (2026-12-06).
     */
    @Test
    void aLowHourlyReadingAfterLostReadingsStandsOnlyForTheTimeSheWasHeard() throws Exception {
        int lostFrom = 6 * 6 + 3;
        int lostTo = 11 * 6;
        List<Reading> readings = new ArrayList<>();
        for (Reading r :
                readings(18 * 6, i -> i % 6 == 0, t -> t.isBefore(at(lostTo)) ? 6.3 : 5.6)) {
            int index = (int) Duration.between(at(0), r.timestamp()).dividedBy(INTERVAL);
            if (index < lostFrom || index >= lostTo) {
                readings.add(r);
            }
        }

        Duration firstLowToAlert = assertAlertedWhenTheOracleSaysThreeHours(readings, null);

        assertThat(firstLowToAlert).isGreaterThan(Duration.ofHours(2));
    }

    /** pH 5.55 from 07:00 to 12:00 (five hours below 5.8 after the morning feed), else 6.3. */
    /**
     * A pH sensor failing mid-episode while the rest of her bolus keeps reporting: her low hours
     * leave the window and the alert ends, as if her pH were back to normal (review, 2026-12-06:
     * only a pH reading looked at the window, and it stayed open for good). Her 4 hours low, each
     * reading standing for the 10 minutes before it, leave less than an hour in the last 24 hours
     * 26 h 50 min after her first low reading; the hourly buckets put the end within an hour of it.
     */
    @Test
    void anOpenLowPhEndsOnceItsLowTimeLeavesTheWindowThoughHerPhStopped() throws Exception {
        List<Reading> readings = readings(3 * 144, i -> i < 24, t -> 5.5);
        Instant lessThanAnHourLeft = at(0).plus(Duration.ofMinutes(26 * 60 + 50));

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> ended =
                    detector.stepAll(readings).stream()
                            .filter(a -> a.kind() == AlertKind.LOW_PH && a.endedAt() != null)
                            .toList();

            assertThat(ended)
                    .singleElement()
                    .satisfies(
                            a ->
                                    assertThat(a.endedAt())
                                            .isBetween(
                                                    lessThanAnHourLeft.minus(Duration.ofHours(1)),
                                                    lessThanAnHourLeft.plus(Duration.ofHours(1))));
        }
    }

    /**
     * A sensor interval under a minute, pH on every other reading: each pH reading stands for the
     * two intervals before it. The time heard was kept in minutes rounded at each reading, so at
     * PT30S a low reading stood for 1.5 times its time (a cow 2 h 10 min low was alerted) and at
     * PT20S with pH on one in three for none (5 h low, never alerted) (review, 2026-12-06).
     */
    @ParameterizedTest(name = "every {0} s, pH on one reading in {1}")
    @CsvSource({"30, 2", "20, 3"})
    void underAMinuteEachPhReadingStandsForTheTimeSheWasHeard(int seconds, int every)
            throws Exception {
        Duration interval = Duration.ofSeconds(seconds);
        AlertThresholds thresholds =
                new AlertThresholds(
                        interval,
                        Duration.ofDays(7),
                        TemperatureThresholds.DEFAULTS,
                        BaselineThresholds.DEFAULTS,
                        PhThresholds.DEFAULTS,
                        SilenceThresholds.DEFAULTS);
        int perHour = (int) (Duration.ofHours(1).toSeconds() / seconds);
        // Low from her first reading: 2 h 50 min, then 3 h 10 min of low pH; normal after.
        for (Duration low : List.of(Duration.ofMinutes(170), Duration.ofMinutes(190))) {
            long lowReadings = low.toSeconds() / seconds;
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < 5 * perHour; i++) {
                Instant t = at(0).plus(interval.multipliedBy(i));
                Double ph = i % every == 0 ? (i < lowReadings ? 5.5 : 6.3) : null;
                readings.add(
                        TestReadings.reading("farm-1", "cow-5", t, TEMP, ACTIVITY, RUMINATION, ph));
            }

            try (DetectorHarness detector = new DetectorHarness(thresholds)) {
                assertThat(detector.stepAll(readings))
                        .as("%s low", low)
                        .filteredOn(a -> a.kind() == AlertKind.LOW_PH)
                        .hasSize(low.compareTo(Duration.ofHours(3)) < 0 ? 0 : 1);
            }
        }
    }

    private static double afterTheMorningFeed(Instant t) {
        int hour = t.atZone(ZoneOffset.UTC).getHour();
        return hour >= 7 && hour < 12 ? 5.55 : 6.3;
    }

    /** A reading every interval from {@link TestReadings#START}, pH on those {@code withPh}. */
    private static List<Reading> readings(
            int count, IntPredicate withPh, ToDoubleFunction<Instant> ph) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant t = at(i);
            readings.add(
                    TestReadings.reading(
                            "farm-1",
                            "cow-5",
                            t,
                            TEMP,
                            ACTIVITY,
                            RUMINATION,
                            withPh.test(i) ? ph.applyAsDouble(t) : null));
        }
        return readings;
    }

    /**
     * The test's own counting of low pH, from docs/alerts.md: a low pH reading stands for the
     * minutes she was heard since her previous pH reading (each reading for the ten minutes before
     * it at most, lost ones for nothing), an hour at most; her first reading for ten minutes.
     */
    private static Map<Instant, Double> lowMinutesHeard(List<Reading> readings) {
        Map<Instant, Double> minutes = new HashMap<>();
        double heard = 0;
        Instant previous = null;
        for (Reading r : readings) {
            heard +=
                    previous == null
                            ? INTERVAL.toMinutes()
                            : Math.min(
                                    Duration.between(previous, r.timestamp()).toMinutes(),
                                    INTERVAL.toMinutes());
            previous = r.timestamp();
            if (r.rumenPh() != null) {
                minutes.put(r.timestamp(), r.rumenPh() < LOW_PH ? Math.min(heard, 60) : 0);
                heard = 0;
            }
        }
        return minutes;
    }

    /**
     * Steps through the readings: no alert until the reading at which the oracle's low minutes in
     * the last 24 hours reach three hours, LOW_PH from the first low reading there, alerted within
     * {@code deadline} after her first reading (null: any time). Returns the time from her first
     * low reading to the alert.
     */
    private static Duration assertAlertedWhenTheOracleSaysThreeHours(
            List<Reading> readings, Duration deadline) throws Exception {
        Map<Instant, Double> lowMinutes = lowMinutesHeard(readings);
        WindowOracle oracle = new WindowOracle(readings);
        ToDoubleFunction<Reading> low = r -> lowMinutes.getOrDefault(r.timestamp(), 0.0);
        int onset = 0;
        while (oracle.windowSum(onset, Duration.ofHours(24), low) < 180) {
            onset++;
        }
        int firstLow = 0;
        while (low.applyAsDouble(readings.get(firstLow)) == 0) {
            firstLow++;
        }
        double hoursLow = oracle.windowSum(onset, Duration.ofHours(24), low) / 60;
        Instant firstLowAt = readings.get(firstLow).timestamp();
        Instant onsetAt = readings.get(onset).timestamp();
        if (deadline != null) {
            assertThat(onsetAt).isBefore(readings.get(0).timestamp().plus(deadline));
        }

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings.subList(0, onset))).isEmpty();
            assertThat(detector.step(readings.get(onset)))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.kind()).isEqualTo(AlertKind.LOW_PH);
                                assertThat(a.startedAt()).isEqualTo(firstLowAt);
                                assertThat(a.value()).isCloseTo(hoursLow, within(0.001));
                            });
        }
        return Duration.between(firstLowAt, onsetAt);
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
