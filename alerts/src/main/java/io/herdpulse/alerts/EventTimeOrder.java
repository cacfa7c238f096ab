package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.Reading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
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
 * <p>Her waiting readings are kept in event-time order (a reading is appended, or inserted in its
 * place when it comes out of order), so finding her earliest and taking those a timer has reached
 * look at the front of the list instead of scanning all of it: in a backlog whose partitions drift
 * apart in event time a cow has dozens waiting, and those scans were a fifth of the keyed task.
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
    private final boolean restored;
    private long watermark;

    private ListState<Reading> pending;
    private ListState<Arrival> late;
    private ValueState<LastSeen> lastSeen;
    private InternalTimerService<VoidNamespace> timers;

    /** Restores the watermark ({@link RestoredWatermark}). */
    public EventTimeOrder(StateInitializationContext context) throws Exception {
        restored = context.isRestored();
        checkpointedWatermark =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("alert-watermark", Types.LONG));
        watermark = RestoredWatermark.lowestOf(checkpointedWatermark.get());
    }

    /**
     * The keyed state (names of earlier versions, so savepoints keep them) and timers. Restored
     * waiting readings are put in event-time order first: savepoints of versions before it kept
     * them in the order they came.
     */
    public <K> void open(
            StreamingRuntimeContext context,
            InternalTimerService<VoidNamespace> timers,
            KeyedStateBackend<K> keyedState)
            throws Exception {
        ListStateDescriptor<Reading> waiting = new ListStateDescriptor<>("pending", Reading.class);
        this.pending = context.getListState(waiting);
        this.late = context.getListState(new ListStateDescriptor<>("late", Arrival.class));
        this.lastSeen = context.getState(new ValueStateDescriptor<>("lastSeen", LastSeen.class));
        this.timers = timers;
        if (restored) {
            // Only animals with waiting readings are visited, and those were just read from the
            // snapshot: a sort costs less than their restore did.
            keyedState.applyToAllKeys(
                    VoidNamespace.INSTANCE,
                    VoidNamespaceSerializer.INSTANCE,
                    waiting,
                    (animal, readings) -> putInOrder(readings));
        }
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
        List<Reading> waiting = waiting();
        Reading reading = arrival.reading();
        if (waiting.isEmpty()
                || EVENT_TIME.compare(reading, waiting.get(waiting.size() - 1)) >= 0) {
            pending.add(reading);
        } else {
            pending.update(inserted(waiting, reading));
        }
        if (waiting.isEmpty() || at < waiting.get(0).timestamp().toEpochMilli()) {
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
        List<Reading> waiting = waiting();
        int count = 0;
        while (count < waiting.size()
                && waiting.get(count).timestamp().toEpochMilli() <= timestamp) {
            count++;
        }
        if (count == 0) {
            return List.of();
        }
        List<Reading> due = new ArrayList<>(waiting.subList(0, count));
        if (count == waiting.size()) {
            pending.clear();
        } else {
            pending.update(waiting.subList(count, waiting.size()));
            // The earliest waiting reading always has a timer (the earlier ones' fire later and
            // find nothing).
            timers.registerEventTimeTimer(
                    VoidNamespace.INSTANCE, waiting.get(count).timestamp().toEpochMilli());
        }
        return due;
    }

    /**
     * The one gate of event time: whether the reading is newer than the animal's latest ({@code
     * previous}, as {@link #lastSeen} gave it), and if so it becomes her latest, heard from at
     * {@code heardAt}, which is returned (null when it is left out).
     */
    public LastSeen admit(Reading reading, long heardAt, LastSeen previous) throws Exception {
        long at = reading.timestamp().toEpochMilli();
        if (previous != null && at <= previous.lastReadingAt()) {
            return null;
        }
        LastSeen latest = LastSeen.heard(reading.farmId(), at, heardAt, previous);
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
            lastSeen.update(seen.wokenAt(time, time - timer));
            return;
        }
        // Timers of one key are unique per time: keep one a waiting reading shares.
        if (timer != Long.MAX_VALUE && !isPendingAt(timer)) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, timer);
        }
        if (time != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
        }
        lastSeen.update(seen.wokenAt(time, 0));
    }

    /**
     * Her timer at {@code now} has fired and everything up to {@code now} is done: if it was her
     * wake-up timer, left behind by a wake-up that moved later, it is set again at her wake-up.
     */
    public void fired(long now) throws Exception {
        LastSeen seen = lastSeen.value();
        if (seen != null && seen.timerLead() != 0 && seen.timerAt() == now) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, seen.wakeAt());
            lastSeen.update(seen.wokenAt(seen.wakeAt(), 0));
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

    private static void putInOrder(ListState<Reading> waiting) throws Exception {
        List<Reading> readings = new ArrayList<>();
        waiting.get().forEach(readings::add);
        for (int i = 1; i < readings.size(); i++) {
            if (EVENT_TIME.compare(readings.get(i - 1), readings.get(i)) > 0) {
                readings.sort(EVENT_TIME);
                waiting.update(readings);
                return;
            }
        }
    }

    /** Her waiting readings, oldest first. */
    private List<Reading> waiting() throws Exception {
        Iterable<Reading> waiting = pending.get();
        if (waiting instanceof List<Reading> list) {
            return list;
        }
        List<Reading> list = new ArrayList<>();
        waiting.forEach(list::add);
        return list;
    }

    /** {@code waiting} with {@code reading} in its place in event time. */
    private static List<Reading> inserted(List<Reading> waiting, Reading reading) {
        List<Reading> sorted = new ArrayList<>(waiting.size() + 1);
        sorted.addAll(waiting);
        int found = Collections.binarySearch(sorted, reading, EVENT_TIME);
        sorted.add(found < 0 ? -found - 1 : found, reading);
        return sorted;
    }
}
