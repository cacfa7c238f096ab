package io.herdpulse.alerts.silence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest event time each farm has reported, as seen by one parallel instance of the detector.
 *
 * <p>This is how SENSOR_SILENT knows that "the farm keeps reporting": readings are keyed by animal,
 * so every instance sees a share of every farm's animals. A farm whose gateway fails goes quiet in
 * every instance at once, so none of its animals is reported silent. The detector checkpoints the
 * clock ({@link #snapshot}), so a restored run decides silence as the uninterrupted one would.
 */
public final class FarmClock {
    private final Map<String, Long> latest = new HashMap<>();

    /** One farm's latest event time, as checkpointed. */
    public record Latest(String farmId, long eventTime) {}

    public void saw(String farmId, long eventTime) {
        latest.merge(farmId, eventTime, Math::max);
    }

    /** The farm's latest reading seen, or null when none has been seen. */
    public Long latest(String farmId) {
        return latest.get(farmId);
    }

    public List<Latest> snapshot() {
        List<Latest> entries = new ArrayList<>(latest.size());
        latest.forEach((farm, time) -> entries.add(new Latest(farm, time)));
        return entries;
    }

    public void restore(Latest entry) {
        saw(entry.farmId(), entry.eventTime());
    }
}
