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
 * looks again one silence span later; the animal's next reading ends it. It keeps no state of its
 * own: her latest reading ({@link LastSeen}) and her open alerts say all it needs.
 */
public final class SilenceRule implements AlertRule<Void> {
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
    public Class<Void> stateType() {
        return Void.class;
    }

    @Override
    public Void onReading(Void state, Reading reading, LastSeen previous, AlertLog log) {
        if (previous != null && log.isActive(AlertKind.SENSOR_SILENT)) {
            long at = reading.timestamp().toEpochMilli();
            ObjectNode details = Details.object();
            details.put("readingAt", reading.timestamp().toString());
            details.put("silentMinutes", (at - previous.lastReadingAt()) / 60_000);
            log.end(AlertKind.SENSOR_SILENT, reading.timestamp(), details);
        }
        return null;
    }

    /**
     * The deadline after her latest reading, or while her farm is quiet its first poll, one span
     * apart, after {@code now}. Polls up to the watermark being reached would all see the same farm
     * clock (no reading arrives while Flink fires the timers of one watermark), so the detector
     * passes that watermark and they are skipped: at the end of a bounded input (watermark {@code
     * Long.MAX_VALUE}) a million quiet animals would otherwise poll every span until their state
     * expired, a week later.
     */
    @Override
    public long wakeAt(Void state, LastSeen latest, long now, AlertLog log) {
        if (log.isActive(AlertKind.SENSOR_SILENT)) {
            return Long.MAX_VALUE;
        }
        long deadline = latest.lastReadingAt() + spanMillis;
        if (now < deadline) {
            return deadline;
        }
        long spansAfter = (now - deadline) / spanMillis + 1;
        return spansAfter > (Long.MAX_VALUE - deadline) / spanMillis
                ? Long.MAX_VALUE
                : deadline + spansAfter * spanMillis;
    }

    @Override
    public Void onWake(Void state, long now, LastSeen latest, AlertLog log) {
        long deadline = latest.lastReadingAt() + spanMillis;
        Long farmLatest = farms.latest(latest.farmId());
        if (now < deadline
                || log.isActive(AlertKind.SENSOR_SILENT)
                || farmLatest == null
                || farmLatest < deadline) {
            return null;
        }
        ObjectNode details = Details.object();
        details.put("lastReadingAt", Instant.ofEpochMilli(latest.lastReadingAt()).toString());
        // The deadline, not the farm's newest reading seen: which of the farm's readings this
        // instance has seen by now depends on timing, and the row must not.
        details.put("farmReportedAfter", Instant.ofEpochMilli(deadline).toString());
        details.put("expectedInterval", sensorInterval.toString());
        log.start(
                AlertKind.SENSOR_SILENT,
                Instant.ofEpochMilli(latest.lastReadingAt() + sensorInterval.toMillis()),
                null,
                (double) Duration.ofMillis(spanMillis).toMinutes(),
                details);
        return null;
    }
}
