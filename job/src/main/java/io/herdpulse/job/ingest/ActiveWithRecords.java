package io.herdpulse.job.ingest;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Chained to the source: a source subtask that went idle is active again downstream from its first
 * record, at the watermark it had, not only from its first higher watermark.
 *
 * <p>Flink's source tells downstream it is active again only together with a watermark higher than
 * any before. With {@link WatermarksHeldOnWaking} holding a waking split's watermark, that comes
 * only after the hold, and meanwhile the subtask, idle downstream, would not hold back the
 * watermark there: another subtask ending its hold first would carry it past this one's readings.
 */
public final class ActiveWithRecords<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private transient boolean sourceIdle;
    private transient boolean announcedIdle;

    @Override
    public void processElement(StreamRecord<T> element) {
        if (announcedIdle) {
            announce(WatermarkStatus.ACTIVE);
        }
        output.collect(element);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        sourceIdle = status.isIdle();
        // The source's ACTIVE after a record here is no news downstream.
        if (status.isIdle() != announcedIdle) {
            announce(status);
        }
    }

    /**
     * A bounded run ends with the greatest watermark, which closes every window; but Flink drops a
     * watermark that the source sends to a chained operator after saying it is idle, as it still
     * says while a waking split holds its watermark. This operator sends it then.
     */
    @Override
    public void endInput() {
        if (sourceIdle) {
            if (announcedIdle) {
                announce(WatermarkStatus.ACTIVE);
            }
            output.emitWatermark(Watermark.MAX_WATERMARK);
        }
    }

    private void announce(WatermarkStatus status) {
        announcedIdle = status.isIdle();
        output.emitWatermarkStatus(status);
    }
}
