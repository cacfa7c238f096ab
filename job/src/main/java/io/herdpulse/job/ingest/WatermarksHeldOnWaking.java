package io.herdpulse.job.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

/**
 * A split's watermarks with idleness, as Flink's {@code WatermarksWithIdleness} makes them, except
 * when the split wakes: from its first reading after being idle it is active again at the watermark
 * it had, and holds that watermark for {@code hold} before following its readings again.
 *
 * <p>Flink leaves an idle split out of the watermark, and takes it in again only once it emits a
 * watermark. When a quiet topic gets readings again (a replay of history, a base station flushing a
 * backlog), the first split to wake would carry the watermark hours ahead at once, while the
 * others, still idle, were about to bring readings of those hours: every one of them LATE. Held,
 * the waking splits keep the watermark where it was until all that wake together have taken part.
 * Split by split in the reader; {@link ActiveWithRecords} does the same for the reader's subtask
 * downstream.
 */
public final class WatermarksHeldOnWaking<T> implements WatermarkGenerator<T> {
    private final WatermarkGenerator<T> watermarks;
    private final long idleNanos;
    private final long holdNanos;
    private final RelativeClock activity;
    private final RelativeClock wall;

    private long events;
    private long eventsAtLastLook;
    private boolean quiet;
    private long quietSinceNanos;
    private boolean idle;
    private boolean holding;
    private long wokeAtNanos;

    /**
     * @param watermarks the split's watermarks while it has readings
     * @param idleness how long without readings before the split is idle, on {@code activity}
     * @param hold how long a waking split holds its watermark, on {@code wall}
     * @param activity Flink's input activity clock, which stands still while the source is blocked
     *     (backpressure, alignment), so that a split with readings it cannot yet read is not idle
     * @param wall the clock the others wake by
     */
    public WatermarksHeldOnWaking(
            WatermarkGenerator<T> watermarks,
            Duration idleness,
            Duration hold,
            RelativeClock activity,
            RelativeClock wall) {
        this.watermarks = watermarks;
        this.idleNanos = idleness.toNanos();
        this.holdNanos = hold.toNanos();
        this.activity = activity;
        this.wall = wall;
    }

    /**
     * Flink's bounded out-of-orderness watermarks for each split, idle after {@code idleness} and
     * held for {@code hold} on waking.
     */
    public static <T> WatermarkGeneratorSupplier<T> boundedOutOfOrderness(
            Duration outOfOrderness, Duration idleness, Duration hold) {
        return context ->
                new WatermarksHeldOnWaking<>(
                        new BoundedOutOfOrdernessWatermarks<>(outOfOrderness),
                        idleness,
                        hold,
                        context.getInputActivityClock(),
                        SystemClock.getInstance());
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        watermarks.onEvent(event, eventTimestamp, output);
        events++;
        if (idle) {
            idle = false;
            holding = true;
            wokeAtNanos = wall.relativeTimeNanos();
            // Active now, at the watermark it had: no other split can run past it meanwhile.
            output.markActive();
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idle) {
            return;
        }
        if (isIdleNow()) {
            idle = true;
            holding = false;
            output.markIdle();
            return;
        }
        if (holding && wall.relativeTimeNanos() - wokeAtNanos < holdNanos) {
            return;
        }
        holding = false;
        watermarks.onPeriodicEmit(output);
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
