package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.LOST;
import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.repeat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.alerts.Drinks.Drink;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Severity;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DrinkingAlertTest {
    private static final double[] HISTORY = {38.6, 39.0, 38.7, 38.9, 38.8, 39.1};

    @Test
    void aDrinkOnHerFourthReadingBackFromASilenceIsADrinkingEvent() throws Exception {
        // Back from 40 min of silence 0.6 °C lower than she left (too slow a fall per interval to
        // tell a drink), her median is learnt afresh; three readings holding a level teach it, so
        // the drink on the fourth is a DRINKING event.
        double[] temps =
                concat(
                        repeat(38.6, 6),
                        repeat(LOST, 3),
                        new double[] {38.0, 38.0, 37.98, 35.0, 35.9, 36.6, 37.1, 37.5, 37.8, 38.0});
        int drink = 12;

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-3", temps)))
                    .filteredOn(a -> a.endedAt() == null)
                    .extracting(HealthAlert::kind, HealthAlert::startedAt)
                    .containsExactly(tuple(AlertKind.DRINKING, at(drink)));
        }
    }

    @Test
    void startsAtAnAbruptFallTwoDegreesBelowTheMedianAndEndsAtTheFirstReadingBackWithinOne()
            throws Exception {
        double median = Runs.median(HISTORY);
        // Down 2.5 °C within one reading, then re-warming.
        double[] temps =
                concat(
                        HISTORY,
                        new double[] {
                            median - 2.5,
                            median - 1.6,
                            median - 1.2,
                            median - 0.9,
                            median - 0.4,
                            median
                        });
        int drop = HISTORY.length;
        int back = drop + 1;
        while (temps[back] < median - 1.0) {
            back++;
        }
        int end = back;

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-3", temps).subList(0, drop))).isEmpty();
            List<HealthAlert> started = detector.step(temperatures("cow-3", temps).get(drop));
            assertThat(started)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.kind()).isEqualTo(AlertKind.DRINKING);
                                assertThat(a.severity()).isEqualTo(Severity.INFO);
                                assertThat(a.startedAt()).isEqualTo(at(drop));
                                assertThat(a.value()).isEqualTo(temps[drop]);
                                assertThat(a.threshold())
                                        .isCloseTo(median - 2.0, Offset.offset(1e-9));
                            });
            List<HealthAlert> rest =
                    detector.stepAll(temperatures("cow-3", temps).subList(drop + 1, temps.length));
            assertThat(rest)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertId()).isEqualTo(started.get(0).alertId());
                                assertThat(a.endedAt()).isEqualTo(at(end));
                            });
        }
    }

    @Test
    void aCowWithALowNormalDrinkingAgainAndAgainIsNeverHypothermic() throws Exception {
        // Her normal is 38.2 °C. She drinks large and small, twice in quick succession, and once
        // a drink too small to tell (0.8 °C) just before a large one.
        Drink[] drinks = {
            new Drink(8, 6.0),
            new Drink(10, 1.0),
            new Drink(16, 3.0),
            new Drink(17, 2.5),
            new Drink(24, 0.8),
            new Drink(25, 6.0),
            new Drink(33, 1.2),
            new Drink(36, 4.0),
            new Drink(38, 3.0)
        };
        double[] temps = Drinks.over(TestReadings.repeat(38.2, 50), drinks);
        assertThat(Runs.first(temps, 0, t -> t <= 37.5, 3, Set.of()))
                .as("three readings at or below 37.5 °C were drinking not told apart")
                .isNotNull();

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-3", temps));

            assertThat(alerts)
                    .extracting(HealthAlert::kind)
                    .contains(AlertKind.DRINKING)
                    .containsOnly(AlertKind.DRINKING);
        }
    }

    @Test
    void aGradualFallIsNoDrinkingHoweverFarItGoes() throws Exception {
        double median = Runs.median(HISTORY);
        double[] fall = new double[10];
        for (int i = 0; i < fall.length; i++) {
            fall[i] = median - 0.3 * (i + 1);
        }
        // She stays where the fall ends: until a reading falls by less than 0.15 C (no body cools
        // faster) the fall may be sips too small to tell, and HYPOTHERMIA waits for it.
        double[] temps = concat(HISTORY, fall, repeat(fall[fall.length - 1], 2));
        assertThat(median - temps[temps.length - 1]).isGreaterThan(2.0);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-3", temps)))
                    .extracting(HealthAlert::kind)
                    .doesNotContain(AlertKind.DRINKING)
                    .contains(AlertKind.HYPOTHERMIA);
        }
    }
}
