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
 * <p>Readings ahead of the watermark wait in keyed state with an event-time timer at their
 * timestamp and come out sorted once the watermark passes them; a reading behind the watermark
 * comes out at once. Either way one that is not newer than the animal's latest is left out ({@link
 * #admit}): a duplicate, or a reading too late to be put in order.
 *
 * <p>Flink does not checkpoint watermarks: after a restore the input's watermark starts again from
 * nothing. So the watermark reached is checkpointed here and never goes back: a replayed reading
 * that was behind it in the first run is behind it after the restore too, and meets the same fate.
 *
 * <p>Each animal also has one wake-up timer, at the earliest time a rule wants to look at her
 * without a reading.
 */
public final class EventTimeOrder {
    private static final Comparator<Reading> EVENT_TIME =
            Comparator.comparing(Reading::timestamp).thenComparing(Reading::readingId);

    private final ListState<Long> checkpointedWatermark;
    private long watermark = Long.MIN_VALUE;

    private ListState<Reading> pending;
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

    /** The readings an arriving one releases: itself if behind the watermark, else none yet. */
    public List<Reading> arrive(Reading reading) throws Exception {
        long at = reading.timestamp().toEpochMilli();
        if (at <= watermark) {
            return List.of(reading);
        }
        pending.add(reading);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        return List.of();
    }

    /** The waiting readings the watermark has passed, oldest first. */
    public List<Reading> due(long timestamp) throws Exception {
        List<Reading> due = new ArrayList<>();
        List<Reading> later = new ArrayList<>();
        for (Reading reading : pending.get()) {
            (reading.timestamp().toEpochMilli() <= timestamp ? due : later).add(reading);
        }
        if (!due.isEmpty()) {
            pending.update(later);
        }
        due.sort(EVENT_TIME);
        return due;
    }

    /**
     * The one gate of event time: whether the reading is newer than the animal's latest, and if so
     * it becomes her latest.
     */
    public boolean admit(Reading reading) throws Exception {
        long at = reading.timestamp().toEpochMilli();
        LastSeen seen = lastSeen.value();
        if (seen != null && at <= seen.lastReadingAt()) {
            return false;
        }
        long wakeAt = seen == null ? Long.MAX_VALUE : seen.wakeAt();
        lastSeen.update(new LastSeen(reading.farmId(), at, wakeAt));
        return true;
    }

    /** The animal's latest reading, null when she has none in state. */
    public LastSeen lastSeen() throws Exception {
        return lastSeen.value();
    }

    /** Moves the animal's one wake-up timer. */
    public void wakeAt(long time) throws Exception {
        LastSeen seen = lastSeen.value();
        if (seen.wakeAt() == time) {
            return;
        }
        // Timers of one key are unique per time: keep one a waiting reading shares.
        if (seen.wakeAt() != Long.MAX_VALUE && !isPendingAt(seen.wakeAt())) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, seen.wakeAt());
        }
        if (time != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
        }
        lastSeen.update(new LastSeen(seen.farmId(), seen.lastReadingAt(), time));
    }

    /** Forgets the animal; readings still waiting for the watermark will start her afresh. */
    public void clear() throws Exception {
        LastSeen seen = lastSeen.value();
        if (seen != null && seen.wakeAt() != Long.MAX_VALUE) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, seen.wakeAt());
        }
        lastSeen.clear();
    }

    private boolean isPendingAt(long timestamp) throws Exception {
        for (Reading reading : pending.get()) {
            if (reading.timestamp().toEpochMilli() == timestamp) {
                return true;
            }
        }
        return false;
    }
}
