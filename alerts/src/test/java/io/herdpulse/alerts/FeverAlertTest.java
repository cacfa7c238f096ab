package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.repeat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.model.Severity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeverAlertTest {
    private static final double FEVER = 39.7;
    private static final double FEVER_END = 39.5;

    @Test
    void firesOnTheThirdConsecutiveFeverReadingNotAtTwoOfThree() throws Exception {
        // Two fever readings, a normal one, then three in a row.
        double[] temps =
                concat(repeat(38.8, 6), new double[] {39.8, 39.9, 38.9, 39.8, 39.9, 40.0, 40.1});
        int[] run = Runs.first(temps, 0, t -> t >= FEVER, 3, Set.of());
        List<Reading> readings = temperatures("cow-1", temps);

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            for (int i = 0; i < run[1]; i++) {
                assertThat(detector.step(readings.get(i))).as("reading %d", i).isEmpty();
            }
            List<HealthAlert> fired = detector.step(readings.get(run[1]));

            assertThat(fired)
                    .containsExactly(
                            new HealthAlert(
                                    "cow-1/FEVER/" + at(run[0]),
                                    "cow-1",
                                    "farm-1",
                                    AlertKind.FEVER,
                                    Severity.CRITICAL,
                                    at(run[0]),
                                    null,
                                    temps[run[1]],
                                    FEVER,
                                    fired.get(0).detailsJson(),
                                    fired.get(0).detectedAt()));
            assertThat(new ObjectMapper().readTree(fired.get(0).detailsJson()).get("temperaturesC"))
                    .extracting(n -> n.doubleValue())
                    .containsExactly(temps[run[1] - 2], temps[run[1] - 1], temps[run[1]]);
            // The condition continues: no second alert.
            assertThat(detector.stepAll(readings.subList(run[1] + 1, readings.size()))).isEmpty();
        }
    }

    @Test
    void endsAtTheFirstOfThreeConsecutiveReadingsBelowTheEndThreshold() throws Exception {
        double[] temps =
                concat(
                        repeat(38.8, 6),
                        repeat(40.2, 4),
                        new double[] {39.6, 39.4, 39.3, 39.6, 39.4, 39.3, 39.2, 38.9});
        int[] onset = Runs.first(temps, 0, t -> t >= FEVER, 3, Set.of());
        int[] end = Runs.first(temps, onset[1] + 1, t -> t < FEVER_END, 3, Set.of());
        List<Reading> readings = temperatures("cow-1", temps);

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            detector.stepAll(readings.subList(0, end[1]));
            List<HealthAlert> ended = detector.step(readings.get(end[1]));

            assertThat(ended).hasSize(1);
            HealthAlert alert = ended.get(0);
            assertThat(alert.alertId()).isEqualTo("cow-1/FEVER/" + at(onset[0]));
            assertThat(alert.startedAt()).isEqualTo(at(onset[0]));
            assertThat(alert.endedAt()).isEqualTo(at(end[0]));
            assertThat(alert.value()).isEqualTo(temps[onset[1]]);
            assertThat(new ObjectMapper().readTree(alert.detailsJson()).has("end")).isTrue();
        }
    }

    @Test
    void drinkingDropsNeitherCountNorBreakAFeverRun() throws Exception {
        // The median of the six latest non-drinking readings before the drop is 38.8, so 36.0 is
        // 2.8 °C below it: a drinking drop between the second and third fever reading.
        double[] temps = concat(repeat(38.8, 6), new double[] {39.8, 39.9, 36.0, 40.0});
        int drop = 8;
        double median = Runs.median(java.util.Arrays.copyOfRange(temps, drop - 6, drop));
        assertThat(median - temps[drop]).isGreaterThanOrEqualTo(2.0);
        int[] run = Runs.first(temps, 0, t -> t >= FEVER, 3, Set.of(drop));

        try (DetectorHarness detector = DetectorHarness.withOptions()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-1", temps));

            List<HealthAlert> fever = DetectorHarness.ofKind(alerts, AlertKind.FEVER);
            assertThat(fever).hasSize(1);
            assertThat(fever.get(0).startedAt()).isEqualTo(at(run[0]));
            assertThat(run[1]).isEqualTo(temps.length - 1);
        }
    }
}
