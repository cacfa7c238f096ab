package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.repeat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HypothermiaAlertTest {
    private static final double HYPOTHERMIA = 37.5;
    private static final double HYPOTHERMIA_END = 38.0;

    @Test
    void firesOnTheThirdConsecutiveLowReadingAndEndsAfterThreeAboveTheEndThreshold()
            throws Exception {
        // A gradual fall (never 2 °C below the median, so no drinking), broken once at 37.6.
        double[] temps =
                concat(
                        repeat(38.8, 6),
                        new double[] {37.4, 37.3, 37.6, 37.2, 37.1, 37.0, 37.2},
                        new double[] {38.1, 38.2, 37.9, 38.1, 38.3, 38.4});
        int[] onset = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of());
        int[] end = Runs.first(temps, onset[1] + 1, t -> t > HYPOTHERMIA_END, 3, Set.of());
        List<Reading> readings = temperatures("cow-2", temps);

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            assertThat(detector.stepAll(readings.subList(0, onset[1]))).isEmpty();
            List<HealthAlert> fired = detector.step(readings.get(onset[1]));
            assertThat(fired).hasSize(1);
            HealthAlert alert = fired.get(0);
            assertThat(alert.kind()).isEqualTo(AlertKind.HYPOTHERMIA);
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.startedAt()).isEqualTo(at(onset[0]));
            assertThat(alert.value()).isEqualTo(temps[onset[1]]);
            assertThat(alert.threshold()).isEqualTo(HYPOTHERMIA);

            assertThat(detector.stepAll(readings.subList(onset[1] + 1, end[1]))).isEmpty();
            List<HealthAlert> ended = detector.step(readings.get(end[1]));
            assertThat(ended)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertId()).isEqualTo(alert.alertId());
                                assertThat(a.endedAt()).isEqualTo(at(end[0]));
                            });
        }
    }

    @Test
    void drinkingDropsAreNoHypothermia() throws Exception {
        // Cold water: 2.8 °C below the median, then re-warming until within 1 °C of it.
        double[] temps = concat(repeat(38.8, 6), new double[] {36.0, 36.2, 36.5, 37.1, 37.9, 38.6});
        int[] naive = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of());
        assertThat(naive)
                .as("three readings at or below 37.5 if drinking were not excluded")
                .isNotNull();

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-2", temps));

            assertThat(alerts).extracting(HealthAlert::kind).containsOnly(AlertKind.DRINKING);
        }
    }

    @Test
    void aDropLastingLongerThanADrinkingBoutIsHypothermiaOnceHerMedianIsLearntAgain()
            throws Exception {
        // 36.0 for 4 h: a drinking bout at first, until the drop outlasts
        // --drinking-max-duration; then her median is learnt afresh from 6 level readings.
        double[] temps = concat(repeat(38.8, 6), repeat(36.0, 24));
        int drop = 6;
        int boutEnd = drop + 12; // 12 intervals of 10 min = the default PT2H
        int learnt = boutEnd + 6;
        int[] onset = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, rangeSet(drop, learnt));

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-2", temps));

            assertThat(alerts)
                    .extracting(HealthAlert::kind, HealthAlert::startedAt, HealthAlert::endedAt)
                    .containsExactly(
                            tuple(AlertKind.DRINKING, at(drop), null),
                            tuple(AlertKind.DRINKING, at(drop), at(boutEnd)),
                            tuple(AlertKind.HYPOTHERMIA, at(onset[0]), null));
            assertThat(onset[0]).isEqualTo(learnt);
        }
    }

    @Test
    void drinksInARowLongerThanABoutAreNoHypothermiaWhileTheRumenReWarms() throws Exception {
        // Four drinks half an hour apart keep her rumen cold for 2 h 40 min, longer than
        // --drinking-max-duration; a median learnt from the re-warming would be far too low
        // and make the rest of it look like hypothermia.
        double[] drinks = {35.0, 36.1, 36.9, 34.6, 35.8, 36.7, 34.9, 36.0, 36.8, 35.2, 36.3};
        double[] reWarming = {36.6, 36.9, 37.2, 37.5, 37.8, 38.1, 38.4, 38.6, 38.7};
        double[] temps = concat(repeat(38.8, 6), drinks, reWarming, repeat(38.8, 6));
        int boutEnd = 6 + 12;
        assertThat(temps[boutEnd]).isLessThanOrEqualTo(HYPOTHERMIA);
        assertThat(Runs.first(temps, boutEnd, t -> t <= HYPOTHERMIA, 3, Set.of())).isNotNull();

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps)))
                    .extracting(HealthAlert::kind, HealthAlert::endedAt)
                    .containsExactly(
                            tuple(AlertKind.DRINKING, null),
                            tuple(AlertKind.DRINKING, at(boutEnd)));
        }
    }

    @Test
    void aNewBolusLearnsItsMedianOnlyOnceItsReadingsAreLevel() throws Exception {
        // A slow re-warming after a drink just before the bolus first reported: six readings
        // span more than 0.5 °C until she is back at her normal 38.8 °C.
        double[] temps =
                concat(
                        new double[] {
                            35.2, 35.5, 35.8, 36.1, 36.4, 36.7, 37.0, 37.3, 37.5, 37.7, 37.9, 38.1,
                            38.3, 38.5, 38.7
                        },
                        repeat(38.8, 6));
        assertThat(Runs.first(temps, 6, t -> t <= HYPOTHERMIA, 3, Set.of())).isNotNull();

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps))).isEmpty();
        }
    }

    @Test
    void aSmallDrinkTheBolusReportsIsNoHypothermiaWhileTheRumenReWarms() throws Exception {
        // 1.9 °C below her median: not enough for a DRINKING event, but the bolus measured
        // 6.5 L of water, and the re-warming passes 37.5 °C on three readings.
        double[] temps = concat(repeat(38.8, 6), new double[] {36.9, 37.2, 37.5, 37.9, 38.5});
        int drink = 6;
        assertThat(Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of()))
                .containsExactly(drink, drink + 2);
        List<Reading> readings = new ArrayList<>(temperatures("cow-2", temps));
        readings.set(drink, withWater(readings.get(drink), 6.5));

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            assertThat(detector.stepAll(readings)).isEmpty();
        }
        // A bolus that measures no water cannot tell: DESIGN.md's rule, three low readings.
        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps)))
                    .extracting(HealthAlert::kind, HealthAlert::startedAt)
                    .containsExactly(tuple(AlertKind.HYPOTHERMIA, at(drink)));
        }
    }

    private static Reading withWater(Reading r, double litres) {
        return new Reading(
                r.schemaVersion(),
                r.readingId(),
                r.farmId(),
                r.animalId(),
                r.sensorId(),
                r.timestamp(),
                r.rumenTempC(),
                r.activity(),
                r.ruminationMin(),
                litres,
                r.rumenPh());
    }

    private static Set<Integer> rangeSet(int from, int toExclusive) {
        return java.util.stream.IntStream.range(from, toExclusive)
                .boxed()
                .collect(java.util.stream.Collectors.toSet());
    }
}
