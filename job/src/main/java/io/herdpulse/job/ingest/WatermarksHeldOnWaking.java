package io.herdpulse.job.ingest;

import java.io.Serializable;
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
 * except when the split wakes: it is active again at its old watermark, and from its first reading
 * past what it read before its watermark is that reading's, held for {@code hold} (from the wake)
 * before it follows its readings again.
 *
 * <p>Flink leaves an idle split out of the watermark. When a quiet topic gets readings again (a
 * replay of history, a base station flushing a backlog), the first split read would carry the
 * watermark hours ahead while the others, still idle, were about to bring readings of those hours:
 * every one of them LATE. Held where the replay resumes, the split waits for the splits of its
 * subtask waking with it. Held at that reading, not at its old watermark: Flink counts a source
 * subtask again downstream only once it emits a watermark higher than any before and at least the
 * one downstream already has (after all were idle, the highest any subtask had); a replay that
 * resumes after where it stopped gets there at once, where an old watermark would leave the subtask
 * out. So other subtasks are waited for too, if they resume no earlier than the first one.
 *
 * <p>A split given to a subtask once it is under way (a partition added to the topic while the job
 * runs) holds its first reading in the same way, whether or not it went idle before. Flink starts
 * such a split at the lowest watermark, which holds back its own subtask but nothing downstream,
 * where the watermark may have moved on long before; its first readings may be a replay as well.
 * Splits the subtask starts with (a fresh start, a restore) are not held: until one of its splits
 * has a watermark or goes idle, downstream is at the lowest watermark too and waits for the
 * subtask, and a hold would only delay the first windows after a failure.
 *
 * <p>A split the subtask starts with after a restore resumes at the watermark it had in the
 * checkpoint, from its first reading on: a reading no newer than that moves nothing, as before the
 * failure ({@link Restored}).
 *
 * <p>What this cannot help (docs/job.md, step 1): a subtask that resumes earlier than one woken
 * before it, or behind another's old readings; partitions waking later than {@code hold}.
 */
public final class WatermarksHeldOnWaking<T> implements WatermarkGenerator<T> {
    /** How far an event moves its split's watermark, given its timestamp. */
    @FunctionalInterface
    public interface Advance<T> extends Serializable {
        long of(T event, long eventTimestamp);
    }

    /**
     * The newest advance its partition had read when the job's state was restored, given an event
     * of the split; {@link Long#MIN_VALUE} if none (a fresh start, a partition added since).
     */
    @FunctionalInterface
    public interface Restored<T> extends Serializable {
        long newestBefore(T event);
    }

    private final Advance<T> advance;
    private final Restored<T> restored;
    private final long outOfOrdernessMillis;
    private final long idleNanos;
    private final long holdNanos;
    private final RelativeClock activity;
    private final Subtask subtask;

    private boolean holdsFirstReading;
    private boolean sawAReading;
    private long newest;
    private long events;
    private long eventsAtLastLook;
    private boolean quiet;
    private long quietSinceNanos;
    private boolean idle;
    private boolean holding;
    private long newestBeforeWaking;
    private boolean resumed;
    private long heldWatermark;
    private long wokeAtNanos;

    /**
     * @param outOfOrderness how far behind the split's newest reading a reading may be
     * @param idleness how long without readings before the split is idle
     * @param hold how long a waking split holds the watermark of its first new reading
     * @param activity Flink's input activity clock of the split, which stands still while the split
     *     is paused for alignment or the task is backpressured: a split with readings it cannot
     *     read yet is not idle, and a hold lasts while it can be read
     * @param subtask the source subtask reading the split, shared by its splits
     */
    private WatermarksHeldOnWaking(
            Advance<T> advance,
            Restored<T> restored,
            Duration outOfOrderness,
            Duration idleness,
            Duration hold,
            RelativeClock activity,
            Subtask subtask) {
        this.advance = advance;
        this.restored = restored;
        this.outOfOrdernessMillis = nanos(outOfOrderness) / 1_000_000;
        this.idleNanos = nanos(idleness);
        this.holdNanos = nanos(hold);
        this.activity = activity;
        this.subtask = subtask;
        this.holdsFirstReading = subtask.underway;
        this.newest = Long.MIN_VALUE;
    }

    /**
     * For each split of a source, on Flink's input activity clock of the split.
     *
     * @param advance how far each event moves its split's watermark: at most its timestamp
     * @param restored where a restored split's partition was, by the same measure
     */
    public static <T> WatermarkGeneratorSupplier<T> supplier(
            Advance<T> advance,
            Restored<T> restored,
            Duration outOfOrderness,
            Duration idleness,
            Duration hold) {
        return new PerSubtask<>(advance, restored, outOfOrderness, idleness, hold);
    }

    /**
     * Whether a source subtask is under way: one of its splits had a watermark or went idle, so the
     * watermark downstream need no longer wait for a split given to it now. One per subtask, shared
     * by its splits.
     */
    private static final class Subtask {
        private boolean underway;
    }

    /**
     * The supplier of one source subtask's generators. Flink deserializes the source's watermark
     * strategy, and with it this supplier, for each subtask it starts (again after a failure), so a
     * transient field belongs to one subtask.
     */
    private static final class PerSubtask<T> implements WatermarkGeneratorSupplier<T> {
        private static final long serialVersionUID = 1L;

        private final Advance<T> advance;
        private final Restored<T> restored;
        private final Duration outOfOrderness;
        private final Duration idleness;
        private final Duration hold;
        private transient Subtask subtask;

        PerSubtask(
                Advance<T> advance,
                Restored<T> restored,
                Duration outOfOrderness,
                Duration idleness,
                Duration hold) {
            this.advance = advance;
            this.restored = restored;
            this.outOfOrderness = outOfOrderness;
            this.idleness = idleness;
            this.hold = hold;
        }

        @Override
        public WatermarkGenerator<T> createWatermarkGenerator(Context context) {
            if (subtask == null) {
                subtask = new Subtask();
            }
            return new WatermarksHeldOnWaking<>(
                    advance,
                    restored,
                    outOfOrderness,
                    idleness,
                    hold,
                    context.getInputActivityClock(),
                    subtask);
        }
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == TimestampAssigner.NO_TIMESTAMP) {
            // Not a reading (the job's invalid messages): no event time to go by, and a partition
            // sending nothing else must still go idle instead of holding every window back.
            return;
        }
        if (!sawAReading) {
            // Only now: Flink tells a generator nothing of its split, but a reading says where
            // it is from.
            sawAReading = true;
            newest = Math.max(newest, restored.newestBefore(event));
        }
        long time = advance.of(event, eventTimestamp);
        if (time <= watermarkAfter(newest)) {
            // Behind the split's own watermark it moves nothing, and it says nothing of the
            // partition's time: a split sent only such readings (a bolus whose clock was reset to
            // 1970, a gateway resending one old batch in a loop) kept itself from idleness, and
            // with alignment every other split waited for it, so no window fired while they came.
            return;
        }
        if (idle || holdsFirstReading) {
            idle = false;
            holdsFirstReading = false;
            holding = true;
            resumed = false;
            wokeAtNanos = activity.relativeTimeNanos();
            newestBeforeWaking = newest;
        }
        // Where the split resumes: its first reading past what it read before. A resend of an
        // earlier reading or a straggler does not say that.
        if (holding && !resumed && time > newestBeforeWaking) {
            resumed = true;
            heldWatermark = watermarkAfter(time);
        }
        newest = Math.max(newest, time);
        events++;
    }

    /**
     * Periodically, as Flink's generators: a split waking with a fetch does not run ahead at once
     * of another split's older readings in it, which mostly are read before the next emission (not
     * always: Flink may emit between any two records).
     */
    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idle) {
            return;
        }
        if (isIdleNow()) {
            // Whatever the hold, the split's readings count before it is left out.
            emit(watermarkAfter(newest), output);
            idle = true;
            holding = false;
            output.markIdle();
            subtask.underway = true;
            return;
        }
        if (holding && activity.relativeTimeNanos() - wokeAtNanos < holdNanos) {
            if (resumed) {
                emit(heldWatermark, output);
            } else {
                output.markActive();
            }
            return;
        }
        holding = false;
        emit(watermarkAfter(newest), output);
    }

    private void emit(long watermark, WatermarkOutput output) {
        output.emitWatermark(new Watermark(watermark));
        subtask.underway |= watermark > Long.MIN_VALUE;
    }

    /** In nanoseconds, saturating: a duration of centuries is for ever, not an exception. */
    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
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
