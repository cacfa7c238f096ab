package io.herdpulse.job.stats;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes the animals' windows on to the farms' (and the farm reports on to the alert rules) and
 * never tells them it is idle.
 *
 * <p>Flink leaves an idle task out of the watermark of what it feeds, and the animals' tasks are
 * idle whenever every Kafka partition has been quiet for {@code --idleness}. When readings come
 * again, one animal task may fire its windows and pass the new watermark on before the other has
 * even taken up its input: a farm window, no longer waiting for the idle one, fires without that
 * task's animals and then drops their totals as late. (Found by {@code MorePartitionsIT}: every
 * animal row right, farm rows short of two animals in three, the farm window's {@code
 * numLateRecordsDropped} 9.) Nothing is held back by staying active: every source's watermark
 * reaches every animal task through the shuffle, so each always has a watermark of its own.
 *
 * <p>The farm reports every instance of the alert rules hears are passed on through it too, for the
 * same reason: an instance must not poll a silent cow's farm before an instance that was idle has
 * sent that farm's reports.
 */
public final class NeverIdle<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // Neither IDLE nor ACTIVE goes on: downstream, this task is always active.
    }
}
