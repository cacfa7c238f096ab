package io.herdpulse.alerts.silence;

import io.herdpulse.alerts.Require;
import java.io.Serializable;

/**
 * SENSOR_SILENT, with its default.
 *
 * @param silentIntervals sensor intervals without a reading, while the farm reports, that make an
 *     animal silent
 */
public record SilenceThresholds(int silentIntervals) implements Serializable {

    public static final SilenceThresholds DEFAULTS = new SilenceThresholds(3);

    public SilenceThresholds {
        Require.that(silentIntervals >= 1, "silent intervals must be at least 1");
    }
}
