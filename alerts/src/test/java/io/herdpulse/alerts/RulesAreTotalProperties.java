package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.herdpulse.alerts.baseline.BaselineRule;
import io.herdpulse.alerts.ph.PhRule;
import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.FarmReport;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.alerts.silence.SilenceRule;
import io.herdpulse.alerts.temperature.TemperatureRule;
import io.herdpulse.model.Reading;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every rule is a total function: readings in any order (older ones, equal times, far apart),
 * values across the contract's ranges, wake-ups at any time; no exception, whatever the state.
 */
class RulesAreTotalProperties {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /** A reading, or (temperature null) a wake-up at that time. */
    record Step(long minutes, Double temperature, double activity, double rumination, Double ph) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step =
                Combinators.combine(
                                Arbitraries.longs().between(-3 * 1440, 10 * 1440),
                                Arbitraries.doubles()
                                        .between(20.0, 45.0)
                                        .injectNull(0.1)
                                        .edgeCases(e -> e.add(37.5).add(39.7)),
                                Arbitraries.doubles().between(0, 500),
                                Arbitraries.doubles().between(0, 60),
                                Arbitraries.doubles().between(4.0, 8.0).injectNull(0.3))
                        .as(Step::new);
        return step.list().ofMaxSize(400);
    }

    @Property(tries = 200)
    void noRuleThrowsOnAnyInput(@ForAll("steps") List<Step> steps) {
        AlertThresholds thresholds = AlertThresholds.defaults();
        FarmClock farms = new FarmClock();
        List<AlertRule<?>> rules =
                List.of(
                        new TemperatureRule(thresholds.temperature(), thresholds.sensorInterval()),
                        new BaselineRule(thresholds.baseline(), thresholds.sensorInterval()),
                        new PhRule(thresholds.ph(), thresholds.sensorInterval()),
                        new SilenceRule(thresholds.silence(), thresholds.sensorInterval(), farms));
        for (AlertRule<?> rule : rules) {
            assertThatCode(() -> run(rule, steps, farms))
                    .as(rule.stateName())
                    .doesNotThrowAnyException();
        }
    }

    private static <S> void run(AlertRule<S> rule, List<Step> steps, FarmClock farms) {
        S state = null;
        LastSeen previous = null;
        AlertLog log = new OpenKinds();
        for (Step step : steps) {
            Instant at = START.plusSeconds(step.minutes() * 60);
            if (step.temperature() == null) {
                if (previous != null) {
                    state = rule.onWake(state, at.toEpochMilli(), previous, log);
                }
                continue;
            }
            farms.saw(new FarmReport("farm-1", at.toEpochMilli()));
            Reading reading =
                    new Reading(
                            1,
                            "id-" + step.minutes(),
                            "farm-1",
                            "cow-1",
                            "bolus-1",
                            at,
                            step.temperature(),
                            step.activity(),
                            step.rumination(),
                            null,
                            step.ph());
            state = rule.onReading(state, reading, previous, log);
            rule.wakeAt(
                    state, new LastSeen("farm-1", at.toEpochMilli(), 0), at.toEpochMilli(), log);
            previous = new LastSeen("farm-1", at.toEpochMilli(), Long.MAX_VALUE);
        }
    }
}
