package io.herdpulse.job.stats;

import io.herdpulse.job.ingest.SourcedReading;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Keeps a restart from letting late readings back into windows.
 *
 * <p>Flink does not checkpoint watermarks: after a restore every operator starts again from no
 * watermark, so a reading replayed from Kafka that was LATE in the first run would find its window
 * gone, open a new one holding only itself, and overwrite the window's correct row. This operator,
 * just before the windows, checkpoints the watermark it has seen and after a restore sends every
 * reading whose window was already closed (end + allowed lateness) at that watermark to {@link
 * #LATE}, exactly as the window operator did in the first run. Without a restore it passes
 * everything; the windows decide lateness themselves.
 */
public final class LatenessGuard extends AbstractStreamOperator<SourcedReading>
        implements OneInputStreamOperator<SourcedReading, SourcedReading> {
    private static final long serialVersionUID = 1L;

    /** Readings too late for their window, from this guard and from the window operator. */
    public static final OutputTag<SourcedReading> LATE = new OutputTag<>("late") {};

    private final long windowMillis;
    private final long allowedLatenessMillis;

    private transient ListState<Long> checkpointedWatermarks;
    private transient long restoredWatermark;
    private transient long currentWatermark;

    public LatenessGuard(Duration window, Duration allowedLateness) {
        this.windowMillis = window.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointedWatermarks =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("checkpointed-watermark", Types.LONG));
        // The windows' watermark after the checkpoint was the smallest of all guards': only
        // readings late by that one were late in every window.
        restoredWatermark = Long.MIN_VALUE;
        boolean first = true;
        for (long watermark : checkpointedWatermarks.get()) {
            restoredWatermark = first ? watermark : Math.min(restoredWatermark, watermark);
            first = false;
        }
        currentWatermark = restoredWatermark;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointedWatermarks.update(List.of(currentWatermark));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = Math.max(currentWatermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<SourcedReading> element) {
        long eventTime = element.getValue().reading().timestamp().toEpochMilli();
        long windowEnd =
                TimeWindow.getWindowStartWithOffset(eventTime, 0, windowMillis) + windowMillis;
        // WindowOperator's rule: a window is gone once the watermark reaches its cleanup time.
        long cleanupTime = windowEnd - 1 + allowedLatenessMillis;
        if (cleanupTime <= restoredWatermark) {
            output.collect(LATE, element);
        } else {
            output.collect(element);
        }
    }
}
