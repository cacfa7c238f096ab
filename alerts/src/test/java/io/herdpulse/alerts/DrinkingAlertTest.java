package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Severity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrinkingAlertTest {

    @Test
    void startsAtTheFirstReadingTwoDegreesBelowTheMedianAndEndsAtTheFirstBackWithinOne()
            throws Exception {
        // Varied history; the dip to 1.9 °C below the median is not yet drinking.
        double[] history = {38.6, 39.0, 38.7, 38.9, 38.8, 39.1};
        double median = Runs.median(history);
        double[] temps =
                concat(
                        history,
                        new double[] {median - 1.9, median - 2.5, median - 1.5, median - 1.1},
                        new double[] {median - 0.9, median});
        // The dip at 1.9 below is a normal reading, so it joins the median window.
        double medianAtDrop = Runs.median(Arrays.copyOfRange(temps, 1, 7));
        int drop = 7;
        assertThat(medianAtDrop - temps[drop]).isGreaterThanOrEqualTo(2.0);
        int back = firstWithin(temps, drop + 1, medianAtDrop, 1.0);

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
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
                                        .isCloseTo(
                                                medianAtDrop - 2.0,
                                                org.assertj.core.data.Offset.offset(1e-9));
                            });
            List<HealthAlert> rest =
                    detector.stepAll(temperatures("cow-3", temps).subList(drop + 1, temps.length));
            assertThat(rest)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertId()).isEqualTo(started.get(0).alertId());
                                assertThat(a.endedAt()).isEqualTo(at(back));
                            });
        }
    }

    private static int firstWithin(double[] temps, int from, double median, double within) {
        for (int i = from; i < temps.length; i++) {
            if (temps[i] >= median - within) {
                return i;
            }
        }
        throw new AssertionError("never back");
    }
}
