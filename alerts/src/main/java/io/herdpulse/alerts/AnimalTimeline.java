package io.herdpulse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;

/**
 * One animal's steps through event time, for the current key: her readings that {@link
 * EventTimeOrder} lets through and the wake-ups her rules asked for go to the rules ({@link
 * RuleSet}) in the order of their times; {@code stateTtl} after her latest reading her alerts are
 * closed and she is forgotten.
 */
final class AnimalTimeline {
    private final EventTimeOrder order;
    private final RuleSet rules;
    private final OpenAlerts alerts;
    private final Duration stateTtl;
    private final long stateTtlMillis;

    AnimalTimeline(EventTimeOrder order, RuleSet rules, OpenAlerts alerts, Duration stateTtl) {
        this.order = order;
        this.rules = rules;
        this.alerts = alerts;
        this.stateTtl = stateTtl;
        this.stateTtlMillis = stateTtl.toMillis();
    }

    /**
     * A reading that arrived with Flink's watermark past it and its stamp: her wake-ups up to the
     * stamp, the reading, then her wake-ups up to the watermark.
     */
    void arrived(String animal, Arrival arrival) throws Exception {
        wakeUpTo(animal, arrival.partitionWatermark());
        read(animal, arrival);
        wakeUpTo(animal, order.watermark());
    }

    /**
     * Her timer at {@code now}: her waiting readings up to it, her wake-ups up to it, then her late
     * readings whose stamp it has reached, each after her wake-ups up to its stamp; then her
     * wake-up timer, if that was it, is set again.
     */
    void reached(String animal, long now) throws Exception {
        for (Reading reading : order.due(now)) {
            read(animal, reading, reading.timestamp().toEpochMilli());
        }
        wakeUpTo(animal, now);
        for (Arrival late : order.lateDue(now)) {
            wakeUpTo(animal, late.partitionWatermark());
            read(animal, late);
        }
        wakeUpTo(animal, now);
        order.fired(now);
    }

    /**
     * Her wake-ups up to {@code time}, each at its own time: one a reading just set may be behind
     * the watermark already.
     */
    private void wakeUpTo(String animal, long time) throws Exception {
        for (LastSeen seen = order.lastSeen();
                seen != null && seen.wakeAt() <= time;
                seen = order.lastSeen()) {
            long now = seen.wakeAt();
            AlertLog log = alerts.of(animal, seen.farmId());
            long expiresAt = seen.lastReadingAt() + stateTtlMillis;
            if (now >= expiresAt) {
                forget(log, expiresAt);
                return;
            }
            rules.onWake(now, seen, log);
            order.wakeAt(seen, Math.min(rules.wakeAt(seen, order.watermark(), log), expiresAt));
        }
    }

    /** A reading that came with its stamp: she was heard from when her partition was there. */
    private void read(String animal, Arrival arrival) throws Exception {
        Reading reading = arrival.reading();
        read(
                animal,
                reading,
                Math.max(reading.timestamp().toEpochMilli(), arrival.partitionWatermark()));
    }

    /**
     * Her reading, heard from her at {@code heardAt}: in event time, her partition's watermark when
     * it came, or its own time if that is later. Her silence is counted from then (see {@link
     * LastSeen#heardAt}): a bolus uploading the readings it buffered while its radio was down sends
     * them all behind the watermark, and counted from each reading's own time, SENSOR_SILENT was
     * raised and ended between each two of them, a silence of no length per reading (found by
     * reviews, 2026-12-06).
     */
    private void read(String animal, Reading reading, long heardAt) throws Exception {
        LastSeen previous = order.lastSeen();
        LastSeen latest = order.admit(reading, heardAt, previous);
        if (latest != null) {
            AlertLog log = alerts.of(animal, reading.farmId());
            rules.onReading(reading, previous, log);
            long expiresAt = latest.lastReadingAt() + stateTtlMillis;
            order.wakeAt(
                    latest, Math.min(rules.wakeAt(latest, latest.lastReadingAt(), log), expiresAt));
        }
    }

    /** Her state's life is over: her open alerts end at its expiry, her state and timers go. */
    private void forget(AlertLog log, long expiresAt) throws Exception {
        ObjectNode details = Details.object();
        details.put("reason", "expired");
        details.put("stateTtl", stateTtl.toString());
        alerts.closeAll(log, Instant.ofEpochMilli(expiresAt), details);
        rules.clear();
        order.clear();
    }
}
