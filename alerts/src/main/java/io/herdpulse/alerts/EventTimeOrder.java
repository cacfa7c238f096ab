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
 * <p>Readings ahead of the watermark wait in keyed state and come out sorted once the watermark
 * passes them; a reading behind the watermark comes out at once. Either way one that is not newer
 * than the animal's latest is left out ({@link #admit}): a duplicate, or a reading too late to be
 * put in order.
 *
 * <p><b>Which watermark.</b> Whether an arriving reading is put in order or left out must not
 * depend on how far Flink's watermark has come: that depends on timing, and after a restore it lags
 * while the partitions are replayed unevenly, so a day-late reading would come out before the
 * regular readings of hers still waiting, and start her afresh a day back. So an arriving reading
 * first brings its animal up to its partition's watermark ({@link Arrival}, the same in every run):
 * the detector hands the rules her waiting readings and wake-ups up to it ({@link #nextAt}), then
 * the reading is behind or ahead of it. Flink's watermark, never ahead of any partition's, moves an
 * animal that sends nothing.
 *
 * <p>Flink does not checkpoint watermarks: after a restore the input's watermark starts again from
 * nothing. So the watermark reached is checkpointed here and never goes back.
 *
 * <p>An animal's timers: one at her earliest waiting reading, not one per reading (a timer whose
 * reading came out earlier finds nothing when it fires), and one wake-up, at the earliest time a
 * rule wants to look at her without a reading.
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

    /**
     * The readings an arriving one releases: itself if behind the watermark or its partition's
     * ({@code partitionWatermark}, which the detector has brought the animal up to), else none yet.
     */
    public List<Reading> arrive(Reading reading, long partitionWatermark) throws Exception {
        long at = reading.timestamp().toEpochMilli();
        if (at <= Math.max(watermark, partitionWatermark)) {
            return List.of(reading);
        }
        long earliest = earliestWaiting();
        pending.add(reading);
        if (at < earliest) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        }
        return List.of();
    }

    /** The time of the animal's next event: her earliest waiting reading or her wake-up. */
    public long nextAt() throws Exception {
        LastSeen seen = lastSeen.value();
        return Math.min(earliestWaiting(), seen == null ? Long.MAX_VALUE : seen.wakeAt());
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

    private long earliestWaiting() throws Exception {
        long earliest = Long.MAX_VALUE;
        for (Reading reading : pending.get()) {
            earliest = Math.min(earliest, reading.timestamp().toEpochMilli());
        }
        return earliest;
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
