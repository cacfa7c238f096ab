package io.herdpulse.job.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * A split's watermarks as Flink's bounded out-of-orderness watermarks with idleness make them (the
 * newest event time less the out-of-orderness, idle after {@code idleness} without readings),
 * except when the split wakes: its watermark is then that of its first reading after waking, at
 * once, and stays there for {@code hold} before following its readings again.
 *
 * <p>Flink leaves an idle split out of the watermark. When a quiet topic gets readings again (a
 * replay of history, a base station flushing a backlog), the first split read would carry the
 * watermark hours ahead while the others, still idle, were about to bring readings of those hours:
 * every one of them LATE. Held at its first reading, the split keeps the watermark where the replay
 * resumes until the splits waking with it have taken part. Emitted at once, that watermark is
 * higher than any the split's source subtask emitted before (the replay resumes after where it
 * stopped), which is what makes Flink count the subtask again downstream: one that stayed at its
 * old watermark would stay idle there, or behind the watermark the others left when all were idle,
 * and so be overtaken all the same.
 */
public final class WatermarksHeldOnWaking<T> implements WatermarkGenerator<T> {
    private final long outOfOrdernessMillis;
    private final long idleNanos;
    private final long holdNanos;
    private final RelativeClock activity;

    private long newest;
    private long events;
    private long eventsAtLastLook;
    private boolean quiet;
    private long quietSinceNanos;
    private boolean idle;
    private boolean holding;
    private long heldWatermark;
    private long wokeAtNanos;

    /**
     * @param outOfOrderness how far behind the split's newest reading a reading may be
     * @param idleness how long without readings before the split is idle
     * @param hold how long a waking split holds the watermark of its first reading
     * @param activity Flink's input activity clock, which stands still while the source is blocked
     *     (backpressure, alignment): a split with readings it cannot read yet is not idle, and a
     *     hold lasts while the others can be read
     */
    public WatermarksHeldOnWaking(
            Duration outOfOrderness, Duration idleness, Duration hold, RelativeClock activity) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.idleNanos = idleness.toNanos();
        this.holdNanos = hold.toNanos();
        this.activity = activity;
        this.newest = Long.MIN_VALUE;
    }

    /** For each split of a source, on Flink's input activity clock of its reader. */
    public static <T> WatermarkGeneratorSupplier<T> supplier(
            Duration outOfOrderness, Duration idleness, Duration hold) {
        return context ->
                new WatermarksHeldOnWaking<>(
                        outOfOrderness, idleness, hold, context.getInputActivityClock());
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == TimestampAssigner.NO_TIMESTAMP) {
            // Not a reading (the job's invalid messages): no event time to go by, and a partition
            // sending nothing else must still go idle instead of holding every window back.
            return;
        }
        newest = Math.max(newest, eventTimestamp);
        events++;
        if (idle) {
            idle = false;
            holding = true;
            wokeAtNanos = activity.relativeTimeNanos();
            heldWatermark = watermarkAfter(eventTimestamp);
            output.emitWatermark(new Watermark(heldWatermark));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idle) {
            return;
        }
        if (isIdleNow()) {
            // Whatever the hold, the split's readings count before it is left out.
            output.emitWatermark(new Watermark(watermarkAfter(newest)));
            idle = true;
            holding = false;
            output.markIdle();
            return;
        }
        if (holding && activity.relativeTimeNanos() - wokeAtNanos < holdNanos) {
            output.emitWatermark(new Watermark(heldWatermark));
            return;
        }
        holding = false;
        output.emitWatermark(new Watermark(watermarkAfter(newest)));
    }

    /** The watermark once {@code eventTime} was read, saturating at the lowest. */
    private long watermarkAfter(long eventTime) {
        return Math.max(eventTime, Long.MIN_VALUE + outOfOrdernessMillis + 1)
                - outOfOrdernessMillis
                - 1;
    }

    /**
     * Whether nothing was read for longer than the idleness, counted from the first periodic look
     * that found nothing new (as Flink counts it: no clock read per reading).
     */
    private boolean isIdleNow() {
        if (events != eventsAtLastLook) {
            eventsAtLastLook = events;
            quiet = false;
            return false;
        }
        if (!quiet) {
            quiet = true;
            quietSinceNanos = activity.relativeTimeNanos();
            return false;
        }
        return activity.relativeTimeNanos() - quietSinceNanos > idleNanos;
    }
}
