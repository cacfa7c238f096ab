package io.herdpulse.alerts;

import io.herdpulse.alerts.baseline.BaselineThresholds;
import io.herdpulse.alerts.ph.PhThresholds;
import io.herdpulse.alerts.silence.SilenceThresholds;
import io.herdpulse.alerts.temperature.TemperatureThresholds;
import java.io.Serializable;
import java.time.Duration;

/**
 * Every rule's thresholds, each record owning its defaults, and what the rules share.
 *
 * @param sensorInterval the interval at which a bolus reports
 * @param alertStateTtl an animal that sends nothing for this long has its state cleared and its
 *     open alerts closed
 */
public record AlertThresholds(
        Duration sensorInterval,
        Duration alertStateTtl,
        TemperatureThresholds temperature,
        BaselineThresholds baseline,
        PhThresholds ph,
        SilenceThresholds silence)
        implements Serializable {

    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    private static final AlertThresholds DEFAULTS =
            new AlertThresholds(
                    Duration.ofMinutes(10),
                    Duration.ofDays(7),
                    TemperatureThresholds.DEFAULTS,
                    BaselineThresholds.DEFAULTS,
                    PhThresholds.DEFAULTS,
                    SilenceThresholds.DEFAULTS);

    public AlertThresholds {
        // At least a second: the rules count in milliseconds, and an interval under one
        // (PT0.0005S) made the silent span 0, every cow silent between two readings, and
        // re-warming's arithmetic divide by it. Boluses report every few minutes; whole seconds
        // keep toMillis exact. The longest is Require's, checked before the silent span is
        // multiplied out.
        Require.that(
                sensorInterval != null
                        && sensorInterval.compareTo(SHORTEST_INTERVAL) >= 0
                        && sensorInterval.getNano() == 0
                        && sensorInterval.compareTo(Require.LONGEST) <= 0,
                "the interval at which a bolus reports must be whole seconds, from PT1S to "
                        + Require.LONGEST_TEXT);
        Require.bounded(alertStateTtl, "alert state TTL");
        Require.that(
                alertStateTtl.compareTo(sensorInterval.multipliedBy(silence.silentIntervals())) > 0,
                "the alert state TTL must be longer than the silence span");
    }

    public static AlertThresholds defaults() {
        return DEFAULTS;
    }

    /** How long an animal may send nothing before it counts as silent. */
    public Duration silentSpan() {
        return sensorInterval.multipliedBy(silence.silentIntervals());
    }
}
