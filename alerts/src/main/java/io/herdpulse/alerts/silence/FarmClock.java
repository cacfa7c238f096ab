package io.herdpulse.alerts.silence;

import java.util.HashMap;
import java.util.Map;

/**
 * The latest event time each farm has reported, as seen by one parallel instance of the detector.
 *
 * <p>This is how SENSOR_SILENT knows that "the farm keeps reporting": readings are keyed by animal,
 * so every instance sees a share of every farm's animals. A farm whose gateway fails goes quiet in
 * every instance at once, so none of its animals is reported silent. The clock is not checkpointed:
 * after a restore it refills with the next readings, which only delays a silence alert.
 */
public final class FarmClock {
    private final Map<String, Long> latest = new HashMap<>();

    public void saw(String farmId, long eventTime) {
        latest.merge(farmId, eventTime, Math::max);
    }

    /** The farm's latest reading seen, or null when none has been seen since start or restore. */
    public Long latest(String farmId) {
        return latest.get(farmId);
    }
}
