package io.herdpulse.alerts.scoring;

import io.herdpulse.alerts.AlertThresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Per rule: recall, false alarms per 1 000 cow-days and median detection delay for a larger herd
 * with conditions injected (default 1 000 cows × 30 days). Not part of the normal build:
 *
 * <pre>
 * mvn -B -pl alerts -am verify -Dtest=AlertScoringBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dherdpulse.benchmark=true [-Dherdpulse.benchmark.cows=1000 -Dherdpulse.benchmark.days=30]
 * </pre>
 */
@EnabledIfSystemProperty(named = "herdpulse.benchmark", matches = "true")
class AlertScoringBenchmark {

    @Test
    void printsRecallFalseAlarmsAndDelaysPerRule() throws Exception {
        int cows = Integer.getInteger("herdpulse.benchmark.cows", 1000);
        int days = Integer.getInteger("herdpulse.benchmark.days", 30);
        SimulatedHerd herd = new SimulatedHerd(2026, cows, days, true);
        long started = System.nanoTime();
        HerdScore.Result result = HerdScore.run(herd, AlertThresholds.defaults());
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "%d cows x %d days (%d readings) in %.1f s, conditions injected into 6 of 7 cows:%n%s",
                cows, days, (long) herd.steps() * cows, seconds, result.table());
        System.out.println("missed: " + result.missed());
    }
}
