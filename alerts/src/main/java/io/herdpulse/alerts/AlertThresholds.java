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
 * @param stateTtl an animal that sends nothing for this long has its state cleared and its open
 *     alerts closed
 */
public record AlertThresholds(
        Duration sensorInterval,
        Duration stateTtl,
        TemperatureThresholds temperature,
        BaselineThresholds baseline,
        PhThresholds ph,
        SilenceThresholds silence)
        implements Serializable {

    public static final Duration DEFAULT_SENSOR_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STATE_TTL = Duration.ofDays(7);

    public AlertThresholds {
        Require.that(
                Require.positive(sensorInterval), "the expected reading interval must be positive");
        Require.that(
                stateTtl != null
                        && stateTtl.compareTo(
                                        sensorInterval.multipliedBy(silence.silentIntervals()))
                                > 0,
                "the alert state TTL must be longer than the silence span");
    }

    public static AlertThresholds defaults() {
        return new AlertThresholds(
                DEFAULT_SENSOR_INTERVAL,
                DEFAULT_STATE_TTL,
                TemperatureThresholds.DEFAULTS,
                BaselineThresholds.DEFAULTS,
                PhThresholds.DEFAULTS,
                SilenceThresholds.DEFAULTS);
    }

    /** How long an animal may send nothing before it counts as silent. */
    public Duration silentSpan() {
        return sensorInterval.multipliedBy(silence.silentIntervals());
    }
}
