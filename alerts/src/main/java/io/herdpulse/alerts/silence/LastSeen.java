package io.herdpulse.alerts.silence;

/**
 * When an animal last reported, and when the detector next looks at her without a reading: the
 * detector's own per-animal state (see {@link io.herdpulse.alerts.EventTimeOrder}). Its name and
 * package are those of earlier versions, so savepoints keep it.
 *
 * @param farmId the farm of the animal's latest reading, for alerts raised without a reading
 * @param lastReadingAt epoch millis of the animal's latest reading processed
 * @param wakeAt epoch millis at which the detector next looks at her without a reading
 * @param timerLead how much earlier than {@code wakeAt} her one wake-up timer is set: a wake-up
 *     that moves later leaves the timer where it is until it fires. 0 when the timer is at {@code
 *     wakeAt}, as it always was in savepoints of earlier versions, which lack this field (Flink
 *     restores a record's missing field as 0)
 */
public record LastSeen(String farmId, long lastReadingAt, long wakeAt, long timerLead) {

    /** Her latest reading, with her wake-up timer at {@code wakeAt}. */
    public LastSeen(String farmId, long lastReadingAt, long wakeAt) {
        this(farmId, lastReadingAt, wakeAt, 0);
    }

    /** Her wake-up timer: {@link Long#MAX_VALUE} when she has none. */
    public long timerAt() {
        return wakeAt - timerLead;
    }
}
