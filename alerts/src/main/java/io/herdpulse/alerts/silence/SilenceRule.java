package io.herdpulse.alerts.silence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.AlertLog;
import io.herdpulse.alerts.AlertRule;
import io.herdpulse.alerts.Details;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;

/**
 * SENSOR_SILENT: no reading for the silence span while the animal's farm keeps reporting (see
 * {@link FarmClock}). At the deadline it raises the alert if the farm has reported since, else it
 * looks again one silence span later; the animal's next reading ends it.
 */
public final class SilenceRule implements AlertRule<SilenceState> {
    private final Duration sensorInterval;
    private final long spanMillis;
    private final FarmClock farms;

    public SilenceRule(SilenceThresholds thresholds, Duration sensorInterval, FarmClock farms) {
        this.sensorInterval = sensorInterval;
        this.spanMillis = sensorInterval.multipliedBy(thresholds.silentIntervals()).toMillis();
        this.farms = farms;
    }

    @Override
    public String stateName() {
        return "silence";
    }

    @Override
    public Class<SilenceState> stateType() {
        return SilenceState.class;
    }

    @Override
    public SilenceState onReading(SilenceState state, Reading reading, AlertLog log) {
        long at = reading.timestamp().toEpochMilli();
        if (state != null && log.isActive(AlertKind.SENSOR_SILENT)) {
            ObjectNode details = Details.object();
            details.put("readingAt", reading.timestamp().toString());
            details.put("silentMinutes", (at - state.lastReadingAt()) / 60_000);
            log.end(AlertKind.SENSOR_SILENT, reading.timestamp(), details);
        }
        long last = state == null ? at : Math.max(at, state.lastReadingAt());
        return new SilenceState(reading.farmId(), last, last + spanMillis);
    }

    @Override
    public long wakeAt(SilenceState state) {
        return state == null ? Long.MAX_VALUE : state.checkAt();
    }

    @Override
    public SilenceState onWake(SilenceState state, long now, AlertLog log) {
        if (state == null || now < state.checkAt()) {
            return state;
        }
        Long farmLatest = farms.latest(state.farmId());
        if (farmLatest == null || farmLatest < state.lastReadingAt() + spanMillis) {
            // The whole farm is quiet: look again later.
            return new SilenceState(state.farmId(), state.lastReadingAt(), now + spanMillis);
        }
        ObjectNode details = Details.object();
        details.put("lastReadingAt", Instant.ofEpochMilli(state.lastReadingAt()).toString());
        details.put("farmLatestReadingAt", Instant.ofEpochMilli(farmLatest).toString());
        details.put("expectedInterval", sensorInterval.toString());
        log.start(
                AlertKind.SENSOR_SILENT,
                Instant.ofEpochMilli(state.lastReadingAt() + sensorInterval.toMillis()),
                null,
                (double) Duration.ofMillis(spanMillis).toMinutes(),
                details);
        return new SilenceState(state.farmId(), state.lastReadingAt(), Long.MAX_VALUE);
    }
}
