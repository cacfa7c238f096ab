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
 * SENSOR_SILENT: nothing heard from the animal for the silence span ({@link LastSeen#heardAt}: her
 * latest reading, or when it came if that was later) while her farm keeps reporting (see {@link
 * FarmClock}). It polls from the deadline on, one silence span apart, and raises the alert at the
 * first poll that knows the farm reported since the deadline; the animal's next reading ends it. It
 * keeps no state of its own: her latest reading ({@link LastSeen}) and her open alerts say all it
 * needs.
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
     * Her polls: the first when the farm's reports of the deadline's minute are all in ({@link
     * FarmClock#reportKnownAt}), then one span apart. The next is the first at which the farm's
     * report since the deadline, up to the watermark, is known; while there is none, the first
     * after the watermark ({@code now}, when she is woken): until it the farm's reports are all in,
     * so polls up to it would all find none. Without that skip, at the end of a bounded input
     * (watermark {@code Long.MAX_VALUE}) a million quiet animals would poll every span until their
     * state expired, a week later. Either way the poll that raises the alert is the same in every
     * run.
     */
    @Override
    public long wakeAt(Void state, LastSeen latest, long now, AlertLog log) {
        if (log.isActive(AlertKind.SENSOR_SILENT)) {
            return Long.MAX_VALUE;
        }
        long deadline = latest.heardAt() + spanMillis;
        long firstPoll = FarmClock.endOfMinute(deadline);
        if (now < firstPoll) {
            return firstPoll;
        }
        // A report known by a poll already made would have raised the alert. One beyond the
        // watermark may yet be preceded by a report still to come.
        Long reported = farms.reportKnownAt(latest.farmId(), deadline);
        long after = reported != null && reported <= now ? reported - 1 : now;
        long spansAfter = Math.floorDiv(after - firstPoll, spanMillis) + 1;
        return spansAfter > (Long.MAX_VALUE - firstPoll) / spanMillis
                ? Long.MAX_VALUE
                : firstPoll + spansAfter * spanMillis;
    }

    @Override
    public Void onWake(Void state, long now, LastSeen latest, AlertLog log) {
        long deadline = latest.heardAt() + spanMillis;
        Long reported = farms.reportKnownAt(latest.farmId(), deadline);
        if (now < deadline
                || log.isActive(AlertKind.SENSOR_SILENT)
                || reported == null
                || reported > now) {
            return null;
        }
        ObjectNode details = Details.object();
        details.put("lastReadingAt", Instant.ofEpochMilli(latest.lastReadingAt()).toString());
        // The deadline, not the farm's report: the row is the same whichever poll raises it.
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
