package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Severity;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DrinkingAlertTest {
    private static final double[] HISTORY = {38.6, 39.0, 38.7, 38.9, 38.8, 39.1};

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
    void aGradualFallIsNoDrinkingHoweverFarItGoes() throws Exception {
        double median = Runs.median(HISTORY);
        double[] fall = new double[10];
        for (int i = 0; i < fall.length; i++) {
            fall[i] = median - 0.3 * (i + 1);
        }
        double[] temps = concat(HISTORY, fall);
        assertThat(median - temps[temps.length - 1]).isGreaterThan(2.0);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-3", temps)))
                    .extracting(HealthAlert::kind)
                    .doesNotContain(AlertKind.DRINKING)
                    .contains(AlertKind.HYPOTHERMIA);
        }
    }
}
