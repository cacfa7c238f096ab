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
        // Two fever readings, a normal one (a gradual fall, no drink), then three in a row.
        double[] temps =
                concat(repeat(38.8, 6), new double[] {39.8, 39.9, 39.5, 39.8, 39.9, 40.0, 40.1});
        int[] run = Runs.first(temps, 0, t -> t >= FEVER, 3, Set.of());
        List<Reading> readings = temperatures("cow-1", temps);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
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
    void aDrinksReWarmingStillBelowTheThresholdNeitherCountsNorBreaksTheFeverRun()
            throws Exception {
        // Hand-written: at 39.8 °C she drinks; her rumen re-warms past her old median (38.8 °C)
        // and on to her fever, rising every reading. A reading still rising below 39.7 °C shows
        // her at least that warm, not below the fever.
        double[] temps =
                concat(
                        repeat(38.8, 6),
                        new double[] {39.2, 39.8, 36.0, 37.5, 38.6, 39.3, 39.75, 40.1, 40.2});
        int drink = 8;
        // The drink and the rising readings after it below 39.7 °C are left out.
        Set<Integer> reWarming = Set.of(drink, drink + 1, drink + 2, drink + 3);
        int[] run = Runs.first(temps, 0, t -> t >= FEVER, 3, reWarming);
        assertThat(run[0]).isLessThan(drink);
        List<Reading> readings = temperatures("cow-1", temps);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(
                            DetectorHarness.ofKind(
                                    detector.stepAll(readings.subList(0, run[1])), AlertKind.FEVER))
                    .isEmpty();
            assertThat(detector.step(readings.get(run[1])))
                    .filteredOn(a -> a.kind() == AlertKind.FEVER)
                    .singleElement()
                    .satisfies(a -> assertThat(a.startedAt()).isEqualTo(at(run[0])));
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

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
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
    void aDrinkAndItsReWarmingNeitherCountNorBreakAFeverRun() throws Exception {
        // Between the second and third fever reading she drinks: 3.9 °C down within a reading,
        // then each reading rises until back within 0.3 °C of her median (39.5), which counts.
        double[] temps =
                concat(repeat(39.5, 6), new double[] {39.8, 39.9, 36.0, 37.6, 38.9, 39.7, 39.8});
        int drink = 8;
        Set<Integer> drinking = Set.of(drink, drink + 1, drink + 2);
        for (int i = drink + 1; i <= drink + 2; i++) {
            assertThat(temps[i] - temps[i - 1]).as("re-warming at %d", i).isGreaterThan(0.1);
            assertThat(temps[i]).isLessThan(39.5 - 0.3);
        }
        int[] run = Runs.first(temps, 0, t -> t >= FEVER, 3, drinking);
        assertThat(Runs.first(temps, 0, t -> t >= FEVER, 3, Set.of()))
                .as("without leaving the drink out, the run would start later")
                .isNotEqualTo(run);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-1", temps));

            List<HealthAlert> fever = DetectorHarness.ofKind(alerts, AlertKind.FEVER);
            assertThat(fever).hasSize(1);
            assertThat(fever.get(0).startedAt()).isEqualTo(at(run[0]));
            assertThat(run).containsExactly(6, drink + 3);
        }
    }
}
