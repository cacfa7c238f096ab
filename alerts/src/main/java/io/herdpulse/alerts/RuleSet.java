package io.herdpulse.alerts;

import io.herdpulse.alerts.baseline.BaselineRule;
import io.herdpulse.alerts.ph.PhRule;
import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.alerts.silence.SilenceRule;
import io.herdpulse.alerts.temperature.TemperatureRule;
import io.herdpulse.model.Reading;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/** DESIGN.md's rules, each with its own keyed state, stepped together for one animal. */
public final class RuleSet {
    private final List<Bound<?>> rules;

    private RuleSet(List<Bound<?>> rules) {
        this.rules = rules;
    }

    /** Every rule of DESIGN.md with these thresholds, its state in this context. */
    public static RuleSet of(
            AlertThresholds thresholds, FarmClock farms, StreamingRuntimeContext context) {
        return new RuleSet(
                List.of(
                        bind(
                                new TemperatureRule(
                                        thresholds.temperature(), thresholds.sensorInterval()),
                                context),
                        bind(
                                new BaselineRule(
                                        thresholds.baseline(), thresholds.sensorInterval()),
                                context),
                        bind(new PhRule(thresholds.ph(), thresholds.sensorInterval()), context),
                        bind(
                                new SilenceRule(
                                        thresholds.silence(), thresholds.sensorInterval(), farms),
                                context)));
    }

    private static <S> Bound<S> bind(AlertRule<S> rule, StreamingRuntimeContext context) {
        return new Bound<>(
                rule,
                context.getState(new ValueStateDescriptor<>(rule.stateName(), rule.stateType())));
    }

    public void onReading(Reading reading, LastSeen previous, AlertLog log) throws Exception {
        for (Bound<?> rule : rules) {
            rule.onReading(reading, previous, log);
        }
    }

    /** Each rule looks at the animal at {@code now}, without a reading. */
    public void onWake(long now, LastSeen latest, AlertLog log) throws Exception {
        for (Bound<?> rule : rules) {
            rule.onWake(now, latest, log);
        }
    }

    /** The earliest time a rule wants to look at the animal again. */
    public long wakeAt(LastSeen latest, long now, AlertLog log) throws Exception {
        long earliest = Long.MAX_VALUE;
        for (Bound<?> rule : rules) {
            earliest = Math.min(earliest, rule.wakeAt(latest, now, log));
        }
        return earliest;
    }

    public void clear() {
        rules.forEach(rule -> rule.state.clear());
    }

    private record Bound<S>(AlertRule<S> rule, ValueState<S> state) {
        void onReading(Reading reading, LastSeen previous, AlertLog log) throws Exception {
            update(rule.onReading(state.value(), reading, previous, log));
        }

        void onWake(long now, LastSeen latest, AlertLog log) throws Exception {
            S current = state.value();
            S next = rule.onWake(current, now, latest, log);
            if (next != current) {
                update(next);
            }
        }

        long wakeAt(LastSeen latest, long now, AlertLog log) throws Exception {
            return rule.wakeAt(state.value(), latest, now, log);
        }

        private void update(S next) throws Exception {
            if (next == null) {
                state.clear();
            } else {
                state.update(next);
            }
        }
    }
}
