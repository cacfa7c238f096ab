package io.herdpulse.alerts.ph;

import io.herdpulse.alerts.Require;
import java.io.Serializable;
import java.time.Duration;

/** LOW_PH (risk of subacute ruminal acidosis), with its defaults. */
public record PhThresholds(
        double lowPh, Duration lowPhDuration, Duration lowPhEndDuration, Duration lowPhWindow)
        implements Serializable {

    public static final PhThresholds DEFAULTS =
            new PhThresholds(5.8, Duration.ofHours(3), Duration.ofHours(1), Duration.ofHours(24));

    public PhThresholds {
        Require.that(lowPh > 0, "the low pH threshold must be positive");
        Require.window(lowPhWindow, "low pH window");
        Require.that(
                Require.positive(lowPhEndDuration)
                        && lowPhEndDuration.compareTo(lowPhDuration) <= 0
                        && lowPhDuration.compareTo(lowPhWindow) <= 0,
                "need 0 < low pH end duration <= low pH duration <= low pH window");
    }
}
