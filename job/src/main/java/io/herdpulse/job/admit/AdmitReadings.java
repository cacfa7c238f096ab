package io.herdpulse.job.admit;

import io.herdpulse.alerts.RestoredWatermark;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.Reading;
import io.herdpulse.model.validation.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by animal, between validation and the windows: rejects a reading whose {@code readingId}
 * the animal already sent as DUPLICATE, then one too late for its window as LATE (DESIGN.md's
 * order), and passes the rest on without their bytes.
 *
 * <p><b>De-duplication horizon.</b> A reading's id is remembered until the watermark is {@code
 * horizon} past the moment its window is dropped (window end + allowed lateness): a copy arriving
 * before then is DUPLICATE, whether the first was counted or LATE. A copy arriving later finds its
 * window gone and is LATE instead: rejected all the same, never counted twice, with the other
 * reason. State is therefore bounded by animals, not readings: the ids of the last (window +
 * allowed lateness + out-of-orderness + horizon) of event time, a few per animal. Ids are compared
 * per animal: the same UUID sent for another animal is another reading.
 *
 * <p><b>Lateness, the same in every run.</b> A reading is LATE when its partition's watermark just
 * before it ({@link PartitionWatermarks}) has passed the moment its window is dropped. That stamp
 * depends only on the partition's earlier readings, so a restored run, or a second run of the same
 * data, rejects exactly what an uninterrupted run rejects, whatever the timing. It is never behind
 * the watermark the chained windows see, so the windows never meet a late reading, with two
 * exceptions that this operator also covers by deciding on the greatest of the three: a partition
 * left out of the windows' watermark while idle, and a restore, after which Flink's watermarks
 * start again from nothing while the windows' state is that of the checkpoint. For the latter this
 * operator checkpoints the watermark it has seen.
 *
 * <p><b>One rule per state.</b> It also checkpoints the rule itself (window and allowed lateness),
 * and refuses to restore state written under another: the windows' state and rows are keyed by
 * window start alone, so a window already fired and dropped under the old rule was opened again
 * under the new one by the next reading and its row overwritten with that reading alone (a longer
 * allowed lateness), or the new window's row replaced the old one of the same start (another
 * window), and a shorter lateness left the old windows' state behind for good (found by review,
 * 2026-12-06). The job then fails once, without restarts, naming both rules.
 */
public final class AdmitReadings extends AbstractStreamOperator<Admitted>
        implements OneInputStreamOperator<StampedReading, Admitted>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    /** DUPLICATE and LATE readings, with their position and bytes as read. */
    public static final OutputTag<Rejected> REJECTED = new OutputTag<>("duplicate-or-late") {};

    private final Lateness lateness;
    private final long horizonMillis;

    private transient ValueState<long[]> rememberedIds;
    private transient InternalTimerService<VoidNamespace> forgetTimers;
    private transient ListState<Long> checkpointedWatermarks;
    private transient ListState<Tuple2<Long, Long>> checkpointedRules;
    private transient long restoredWatermark;
    private transient long seenWatermark;

    /**
     * @param horizon how long (in event time) after its window was dropped a reading's id is still
     *     recognised
     */
    public AdmitReadings(Lateness lateness, Duration horizon) {
        this.lateness = lateness;
        this.horizonMillis = horizon.toMillis();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointedWatermarks =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("checkpointed-watermark", Types.LONG));
        // After a rescale the windows' watermark at the checkpoint was the smallest of the
        // subtasks', so only readings late by that one were late in every window.
        restoredWatermark = RestoredWatermark.lowestOf(checkpointedWatermarks.get());
        seenWatermark = restoredWatermark;
        // A checkpoint of a job before 2026-12-06 holds no rule: nothing to compare.
        checkpointedRules =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "window-rule", Types.TUPLE(Types.LONG, Types.LONG)));
        for (Tuple2<Long, Long> restored : checkpointedRules.get()) {
            if (!restored.equals(rule())) {
                throw new SuppressRestartsException(
                        new IllegalStateException(
                                lateness.refusalToRestore(
                                        Lateness.ofMillis(restored.f0, restored.f1))));
            }
        }
    }

    private Tuple2<Long, Long> rule() {
        return Tuple2.of(lateness.windowMillis(), lateness.allowedLatenessMillis());
    }

    @Override
    public void open() throws Exception {
        super.open();
        rememberedIds =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "remembered-ids",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        forgetTimers =
                getInternalTimerService("forget-ids", VoidNamespaceSerializer.INSTANCE, this);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointedWatermarks.update(List.of(seenWatermark));
        checkpointedRules.update(List.of(rule()));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // The end of input's (flink stop --drain) is not checkpointed: resumed from that savepoint,
        // windows the input's last watermark had dropped stay dropped, and newer ones fill again.
        if (mark.getTimestamp() != Long.MAX_VALUE) {
            seenWatermark = Math.max(seenWatermark, mark.getTimestamp());
        }
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<StampedReading> element) throws Exception {
        SourcedReading sourced = element.getValue().sourced();
        Reading reading = sourced.reading();
        long eventTime = reading.timestamp().toEpochMilli();
        long watermark =
                Math.max(
                        element.getValue().partitionWatermark(),
                        Math.max(restoredWatermark, forgetTimers.currentWatermark()));
        // Valid readings carry a UUID in its 8-4-4-4-12 form: its two halves are the id, exactly.
        long mostBits = RememberedIds.mostBits(reading.readingId());
        long leastBits = RememberedIds.leastBits(reading.readingId());
        long[] ids = rememberedIds.value();
        ids = ids == null ? RememberedIds.NONE : ids;

        if (RememberedIds.contains(ids, mostBits, leastBits, watermark)) {
            reject(
                    sourced,
                    RejectReason.DUPLICATE,
                    "readingId " + reading.readingId() + " was already received");
            return;
        }
        boolean late = lateness.isLate(eventTime, watermark);
        long forgetAt = Saturating.add(lateness.cleanupTime(eventTime), horizonMillis);
        if (forgetAt > watermark) {
            long[] kept = RememberedIds.forgetUpTo(ids, watermark);
            // One timer per animal, at (or before) her earliest remembered id: firing, it forgets
            // what is due and moves on to the next. A timer per window piled up in Flink's timer
            // heap while the windows' watermark trailed the partitions' stamps by hours.
            if (kept.length == 0 || forgetAt < RememberedIds.earliest(kept)) {
                forgetTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, forgetAt);
            }
            rememberedIds.update(RememberedIds.add(kept, forgetAt, mostBits, leastBits));
        }
        if (late) {
            reject(sourced, RejectReason.LATE, lateness.describe(reading.timestamp()));
        }
        output.collect(
                element.replace(
                        new Admitted(reading, late, element.getValue().partitionWatermark())));
    }

    private void reject(SourcedReading reading, RejectReason reason, String detail) {
        Instant now = Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime());
        output.collect(REJECTED, new StreamRecord<>(Rejected.of(reading, reason, detail, now)));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long[] ids = rememberedIds.value();
        if (ids == null) {
            return;
        }
        // Every timer up to the watermark fires before it moves on: forget all that is due now.
        long[] kept = RememberedIds.forgetUpTo(ids, forgetTimers.currentWatermark());
        if (kept.length == 0) {
            rememberedIds.clear();
            return;
        }
        if (kept != ids) {
            rememberedIds.update(kept);
        }
        forgetTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, RememberedIds.earliest(kept));
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // No processing-time timers are registered.
    }
}
