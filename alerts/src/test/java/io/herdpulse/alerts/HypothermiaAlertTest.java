package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.repeat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.model.Severity;
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
    void aDropLastingLongerThanADrinkingBoutIsHypothermiaAfterAll() throws Exception {
        // 36.0 for 2 h 30 min: a drinking bout at first, until the drop outlasts
        // --drinking-max-duration.
        double[] temps = concat(repeat(38.8, 6), repeat(36.0, 15));
        int drop = 6;
        int boutEnd = drop + 12; // 12 intervals of 10 min = the default PT2H
        int[] onset = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, rangeSet(drop, boutEnd));

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-2", temps));

            assertThat(alerts)
                    .extracting(HealthAlert::kind, HealthAlert::startedAt, HealthAlert::endedAt)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(AlertKind.DRINKING, at(drop), null),
                            org.assertj.core.groups.Tuple.tuple(
                                    AlertKind.DRINKING, at(drop), at(boutEnd)),
                            org.assertj.core.groups.Tuple.tuple(
                                    AlertKind.HYPOTHERMIA, at(onset[0]), null));
            assertThat(onset[0]).isEqualTo(boutEnd);
        }
    }

    @Test
    void aNewBolusOnlyLearnsItsMedianDuringItsFirstSixReadings() throws Exception {
        // The cow drank just before her bolus first reported: a re-warming rumen, not hypothermia.
        double[] temps = concat(new double[] {34.2, 35.8, 36.9, 37.4, 38.3, 38.6}, repeat(38.7, 6));
        assertThat(Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of())).isNotNull();

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps))).isEmpty();
        }
    }

    private static Set<Integer> rangeSet(int from, int toExclusive) {
        return java.util.stream.IntStream.range(from, toExclusive)
                .boxed()
                .collect(java.util.stream.Collectors.toSet());
    }
}
