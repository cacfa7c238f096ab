package io.herdpulse.alerts.ph;

import io.herdpulse.alerts.Require;
import java.io.Serializable;
import java.time.Duration;

/**
 * LOW_PH (risk of subacute ruminal acidosis), with its defaults.
 *
 * @param phInterval the longest one pH reading stands for when her bolus sends pH on only some of
 *     its readings (hourly, say, with temperature every 10 minutes): the time she was heard from
 *     since her previous pH reading, up to this or the sensor interval if that is longer. Shorter
 *     than {@code lowPhDuration}, so no single reading raises the alert
 */
public record PhThresholds(
        double lowPh,
        Duration lowPhDuration,
        Duration lowPhEndDuration,
        Duration lowPhWindow,
        Duration phInterval)
        implements Serializable {

    public static final PhThresholds DEFAULTS =
            new PhThresholds(
                    5.8,
                    Duration.ofHours(3),
                    Duration.ofHours(1),
                    Duration.ofHours(24),
                    Duration.ofHours(1));

    public PhThresholds {
        Require.that(lowPh > 0, "the low pH threshold must be positive");
        Require.window(lowPhWindow, "low pH window");
        Require.that(
                Require.positive(lowPhEndDuration)
                        && lowPhEndDuration.compareTo(lowPhDuration) <= 0
                        && lowPhDuration.compareTo(lowPhWindow) <= 0,
                "need 0 < low pH end duration <= low pH duration <= low pH window");
        Require.that(
                Require.positive(phInterval) && phInterval.compareTo(lowPhDuration) < 0,
                "need 0 < pH interval < low pH duration: one pH reading must not raise LOW_PH");
        Require.that(
                phInterval.compareTo(Duration.ofSeconds(PhState.MOST_HEARD_SECONDS)) <= 0,
                "the pH interval must be at most PT18H12M15S, the longest the pH state holds");
    }
}
