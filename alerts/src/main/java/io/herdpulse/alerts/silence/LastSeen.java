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
 * @param heardLateMinutes how many minutes after her latest reading she was heard from, rounded up:
 *     for a reading that came behind its partition's watermark (a bolus uploading what it buffered
 *     while its radio was down), until the stamp it came with; 0 for one on time, and in savepoints
 *     of earlier versions. At most about 22 days (a longer wait counts as that). Two bytes, not a
 *     time of eight: the keyed state per animal is at its 1 KB goal (issue 12)
 */
public record LastSeen(
        String farmId, long lastReadingAt, long wakeAt, long timerLead, short heardLateMinutes) {
    private static final long MINUTE = 60_000;

    /** Her latest reading, with her wake-up timer at {@code wakeAt}, heard from on time. */
    public LastSeen(String farmId, long lastReadingAt, long wakeAt) {
        this(farmId, lastReadingAt, wakeAt, 0, (short) 0);
    }

    /** Her latest reading, heard from at {@code heardAt} (its time if that is later). */
    public static LastSeen heard(String farmId, long lastReadingAt, long heardAt, LastSeen before) {
        long lateMinutes = Math.max(0, -Math.floorDiv(lastReadingAt - heardAt, MINUTE));
        return new LastSeen(
                farmId,
                lastReadingAt,
                before == null ? Long.MAX_VALUE : before.wakeAt(),
                before == null ? 0 : before.timerLead(),
                (short) Math.min(lateMinutes, Short.MAX_VALUE));
    }

    /** The same reading, woken next at {@code wakeAt} with her timer {@code timerLead} earlier. */
    public LastSeen wokenAt(long wakeAt, long timerLead) {
        return new LastSeen(farmId, lastReadingAt, wakeAt, timerLead, heardLateMinutes);
    }

    /** Her wake-up timer: {@link Long#MAX_VALUE} when she has none. */
    public long timerAt() {
        return wakeAt - timerLead;
    }

    /** When she was last heard from: her latest reading, or later if it came late. */
    public long heardAt() {
        return lastReadingAt + heardLateMinutes * MINUTE;
    }
}
