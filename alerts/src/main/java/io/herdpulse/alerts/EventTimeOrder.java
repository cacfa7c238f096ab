package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.Reading;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/**
 * Event-time order, in one place: each animal's readings reach the rules oldest first, each newer
 * than the last, whatever the order they arrive in and whatever restores happen between.
 *
 * <p>Whether a reading is put in order or left out must not depend on how far Flink's watermark has
 * come when it arrives: that depends on timing, and after a restore it lags while the partitions
 * are replayed unevenly (a day-late reading then came out before the regular readings of hers still
 * waiting, and started her afresh a day back). So it is decided by the watermark its partition had
 * reached just before it ({@link Arrival}), which is the same in every run:
 *
 * <ul>
 *   <li>a reading ahead of that watermark waits in keyed state until Flink's watermark passes it,
 *       and comes out sorted with her other waiting readings;
 *   <li>a reading behind it is late: it waits until Flink's watermark reaches that stamp, so that
 *       everything of hers up to the stamp (waiting readings, wake-ups) comes first, as it would
 *       have had Flink's watermark been there when it arrived.
 * </ul>
 *
 * Either way one that is not newer than the animal's latest is left out ({@link #admit}): a
 * duplicate, or a reading too late to be put in order. Flink's watermark is never ahead of a
 * partition's (it is the smallest of them), so it never passes a reading or stamp before the
 * reading has arrived; an idle partition left out of it is the exception.
 *
 * <p>Flink does not checkpoint watermarks: after a restore the input's watermark starts again from
 * nothing. So the watermark reached is checkpointed here and never goes back.
 *
 * <p>An animal's timers: one at her earliest waiting reading, not one per reading (a timer whose
 * reading came out earlier finds nothing when it fires), one per late reading's stamp, and one
 * wake-up, at or before the earliest time a rule wants to look at her without a reading. Every
 * reading moves that time later (her silence deadline moves with it), so the wake-up timer is left
 * where it is then and moved only when it fires ({@link #fired}): one registration per timer
 * passed, where moving it with every reading cost a deletion and a registration in Flink's timer
 * heap per reading.
 */
public final class EventTimeOrder {
    private static final Comparator<Reading> EVENT_TIME =
            Comparator.comparing(Reading::timestamp).thenComparing(Reading::readingId);

    private final ListState<Long> checkpointedWatermark;
    private long watermark = Long.MIN_VALUE;

    private ListState<Reading> pending;
    private ListState<Arrival> late;
    private ValueState<LastSeen> lastSeen;
    private InternalTimerService<VoidNamespace> timers;

    /** Restores the watermark; after a rescale, the lowest any instance had reached. */
    public EventTimeOrder(OperatorStateStore operatorState) throws Exception {
        checkpointedWatermark =
                operatorState.getUnionListState(
                        new ListStateDescriptor<>("alert-watermark", Types.LONG));
        boolean first = true;
        for (long restored : checkpointedWatermark.get()) {
            watermark = first ? restored : Math.min(watermark, restored);
            first = false;
        }
    }

    /** The keyed state (names of earlier versions, so savepoints keep them) and timers. */
    public void open(StreamingRuntimeContext context, InternalTimerService<VoidNamespace> timers) {
        this.pending = context.getListState(new ListStateDescriptor<>("pending", Reading.class));
        this.late = context.getListState(new ListStateDescriptor<>("late", Arrival.class));
        this.lastSeen = context.getState(new ValueStateDescriptor<>("lastSeen", LastSeen.class));
        this.timers = timers;
    }

    public void snapshot() throws Exception {
        checkpointedWatermark.update(List.of(watermark));
    }

    /** The watermark to pass on: the input's, but never behind one reached before. */
    public long advance(long inputWatermark) {
        watermark = Math.max(watermark, inputWatermark);
        return watermark;
    }

    /** The watermark reached: while its timers fire, no reading arrives. */
    public long watermark() {
        return watermark;
    }

    /**
     * Whether an arriving reading goes to the rules at once: when Flink's watermark is already past
     * it and its stamp. Otherwise it waits, and comes out of {@link #due} or {@link #lateDue}.
     */
    public boolean arrive(Arrival arrival) throws Exception {
        long at = arrival.reading().timestamp().toEpochMilli();
        long stamp = arrival.partitionWatermark();
        if (at <= stamp) {
            if (stamp <= watermark) {
                return true;
            }
            late.add(arrival);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, stamp);
            return false;
        }
        if (at <= watermark) {
            return true;
        }
        long earliest = earliestWaiting();
        pending.add(arrival.reading());
        if (at < earliest) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        }
        return false;
    }

    /** The late readings whose stamp {@code timestamp} has reached, in the order they came. */
    public List<Arrival> lateDue(long timestamp) throws Exception {
        List<Arrival> due = new ArrayList<>();
        List<Arrival> later = new ArrayList<>();
        for (Arrival arrival : late.get()) {
            (arrival.partitionWatermark() <= timestamp ? due : later).add(arrival);
        }
        if (!due.isEmpty()) {
            late.update(later);
        }
        return due;
    }

    /** The waiting readings up to {@code timestamp}, oldest first. */
    public List<Reading> due(long timestamp) throws Exception {
        List<Reading> due = new ArrayList<>();
        List<Reading> later = new ArrayList<>();
        long earliestLater = Long.MAX_VALUE;
        for (Reading reading : pending.get()) {
            long at = reading.timestamp().toEpochMilli();
            if (at <= timestamp) {
                due.add(reading);
            } else {
                later.add(reading);
                earliestLater = Math.min(earliestLater, at);
            }
        }
        if (!due.isEmpty()) {
            pending.update(later);
            // The earliest waiting reading always has a timer (the earlier ones' fire later and
            // find nothing).
            if (!later.isEmpty()) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, earliestLater);
            }
        }
        due.sort(EVENT_TIME);
        return due;
    }

    /**
     * The one gate of event time: whether the reading is newer than the animal's latest ({@code
     * previous}, as {@link #lastSeen} gave it), and if so it becomes her latest, which is returned
     * (null when it is left out).
     */
    public LastSeen admit(Reading reading, LastSeen previous) throws Exception {
        long at = reading.timestamp().toEpochMilli();
        if (previous != null && at <= previous.lastReadingAt()) {
            return null;
        }
        LastSeen latest =
                previous == null
                        ? new LastSeen(reading.farmId(), at, Long.MAX_VALUE)
                        : new LastSeen(
                                reading.farmId(), at, previous.wakeAt(), previous.timerLead());
        lastSeen.update(latest);
        return latest;
    }

    /** The animal's latest reading, null when she has none in state. */
    public LastSeen lastSeen() throws Exception {
        return lastSeen.value();
    }

    /**
     * Sets when the animal ({@code seen}, her state as {@link #lastSeen} or {@link #admit} gave it)
     * is next woken. Later than her wake-up timer, the timer stays; earlier, or none, it moves.
     */
    public void wakeAt(LastSeen seen, long time) throws Exception {
        if (seen.wakeAt() == time) {
            return;
        }
        long timer = seen.timerAt();
        if (timer <= time && time != Long.MAX_VALUE) {
            lastSeen.update(new LastSeen(seen.farmId(), seen.lastReadingAt(), time, time - timer));
            return;
        }
        // Timers of one key are unique per time: keep one a waiting reading shares.
        if (timer != Long.MAX_VALUE && !isPendingAt(timer)) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, timer);
        }
        if (time != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
        }
        lastSeen.update(new LastSeen(seen.farmId(), seen.lastReadingAt(), time));
    }

    /**
     * Her timer at {@code now} has fired and everything up to {@code now} is done: if it was her
     * wake-up timer, left behind by a wake-up that moved later, it is set again at her wake-up.
     */
    public void fired(long now) throws Exception {
        LastSeen seen = lastSeen.value();
        if (seen != null && seen.timerLead() != 0 && seen.timerAt() == now) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, seen.wakeAt());
            lastSeen.update(new LastSeen(seen.farmId(), seen.lastReadingAt(), seen.wakeAt()));
        }
    }

    /** Forgets the animal; readings still waiting for the watermark will start her afresh. */
    public void clear() throws Exception {
        LastSeen seen = lastSeen.value();
        if (seen != null && seen.timerAt() != Long.MAX_VALUE) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, seen.timerAt());
        }
        lastSeen.clear();
    }

    private boolean isPendingAt(long timestamp) throws Exception {
        for (Reading reading : pending.get()) {
            if (reading.timestamp().toEpochMilli() == timestamp) {
                return true;
            }
        }
        for (Arrival arrival : late.get()) {
            if (arrival.partitionWatermark() == timestamp) {
                return true;
            }
        }
        return false;
    }

    private long earliestWaiting() throws Exception {
        long earliest = Long.MAX_VALUE;
        for (Reading reading : pending.get()) {
            earliest = Math.min(earliest, reading.timestamp().toEpochMilli());
        }
        return earliest;
    }
}
