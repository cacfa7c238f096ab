package io.herdpulse.alerts.scoring;

import static io.herdpulse.alerts.scoring.AlertScoringBenchmark.VALID_DATA_CONDITIONS;

import io.herdpulse.alerts.AlertThresholds;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules alone (operator harness) scored against the producer's simulator and its ground truth.
 * The job's {@code AlertScoringIT} scores the same on the whole pipeline; this one is the quick
 * check while changing a rule.
 */
class AlertScoringTest {

    @Test
    void everyInjectedConditionIsAlertedWithinItsRulesDelay(@TempDir Path dir) throws Exception {
        // 10 cows with each condition the rules read, 70 healthy ones.
        SimulatedRun run =
                new SimulatedRun(
                        1,
                        140,
                        14,
                        42,
                        0,
                        SimulatedRun.plan(VALID_DATA_CONDITIONS, 7),
                        dir.resolve("truth.csv"));
        HerdScore.Result result = score(run);
        System.out.println("Injected herd, 140 cows x 14 days:\n" + result.table());
        result.falseAlarms().forEach(System.out::println);

        ScoreAssertions.assertEveryConditionDetectedInTime(result);
        ScoreAssertions.assertTemperatureAlertedWithinThreeReadingsPastTheThreshold(result);
        ScoreAssertions.assertFalseAlarmsWithinPhysiology(result);
        ScoreAssertions.assertSensorFaultsRaiseOnlyWhatTheirDataShows(result);
    }

    @Test
    void aHealthyHerdRaisesNoMoreFalseAlarmsThanItsPhysiologyAllows(@TempDir Path dir)
            throws Exception {
        SimulatedRun run =
                new SimulatedRun(
                        1,
                        200,
                        14,
                        7,
                        0,
                        SimulatedRun.plan(List.of(), 1),
                        dir.resolve("truth.csv"));
        HerdScore.Result result = score(run);
        System.out.println("Healthy herd, 200 cows x 14 days:\n" + result.table());
        result.falseAlarms().forEach(System.out::println);

        ScoreAssertions.assertFalseAlarmsWithinPhysiology(result);
    }

    private static HerdScore.Result score(SimulatedRun run) throws Exception {
        return DetectorRun.score(run, AlertThresholds.defaults());
    }
}
