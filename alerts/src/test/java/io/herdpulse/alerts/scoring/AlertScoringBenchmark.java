package io.herdpulse.alerts.scoring;

import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.producer.simulate.Condition;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per rule: recall, false alarms per 1 000 cow-days and median detection delay for a larger herd of
 * the producer's simulator (default 1 000 cows × 30 days): cows 0–6 of every 14 get one condition
 * each (fever, hypothermia, estrus, low rumination, SARA, a silent bolus, a stuck sensor), the
 * other 7 stay healthy. Not part of the normal build:
 *
 * <pre>
 * mvn -B -pl alerts -am verify -Dtest=AlertScoringBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dherdpulse.benchmark=true [-Dherdpulse.benchmark.cows=1000 -Dherdpulse.benchmark.days=30 \
 *     -Dherdpulse.benchmark.seed=2026 -Dherdpulse.benchmark.loss=0]
 * </pre>
 *
 * <p>{@code loss} is the share of readings the boluses lose at random (the simulator's {@code
 * --loss-share}).
 */
@EnabledIfSystemProperty(named = "herdpulse.benchmark", matches = "true")
class AlertScoringBenchmark {
    /**
     * The conditions whose readings reach the rules: the job rejects spikes (out of range) and
     * duplicates before them, so those two are scored on the pipeline ({@code AlertScoringIT}).
     */
    static final List<Condition> VALID_DATA_CONDITIONS =
            List.of(
                    Condition.FEVER,
                    Condition.HYPOTHERMIA,
                    Condition.ESTRUS,
                    Condition.LOW_RUMINATION,
                    Condition.SARA,
                    Condition.SILENT,
                    Condition.STUCK);

    @Test
    void printsRecallFalseAlarmsAndDelaysPerRule(@TempDir Path dir) throws Exception {
        int cows = Integer.getInteger("herdpulse.benchmark.cows", 1000);
        int days = Integer.getInteger("herdpulse.benchmark.days", 30);
        long seed = Long.getLong("herdpulse.benchmark.seed", 2026);
        double loss = Double.parseDouble(System.getProperty("herdpulse.benchmark.loss", "0"));
        SimulatedRun run =
                new SimulatedRun(
                        1,
                        cows,
                        days,
                        seed,
                        loss,
                        SimulatedRun.plan(VALID_DATA_CONDITIONS, 7),
                        dir.resolve("truth.csv"));
        long started = System.nanoTime();
        HerdScore.Result result = DetectorRun.score(run, AlertThresholds.defaults());
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "%d cows x %d days, seed %d, %.3f of readings lost, in %.1f s:%n%s",
                cows, days, seed, loss, seconds, result.table());
        result.falseAlarms().forEach(System.out::println);
    }
}
